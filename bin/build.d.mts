// Types of build.mjs, for the TypeScript that imports it (web/vite.config.ts, tests, benchmarks).
export const ROOT: string;
export const WEB_STAMP: string;
export function fingerprint(files: readonly string[]): string | null;
export function stampIsCurrent(path: string): boolean;
export function writeStamp(path: string, files: readonly string[], extra?: Record<string, unknown>): void;
export function nodeBuild(entry: "cli" | "server"): Promise<string>;
export function webBuildIsCurrent(): boolean;
