/**
 * The `jose` package as the exchange uses it: every module of the exchange imports JOSE from here,
 * so base64 runs on Node's native codec before the first message is sealed or opened (base64.ts).
 */
import { installNativeBase64 } from "./base64.js";

installNativeBase64();

export * from "jose";
