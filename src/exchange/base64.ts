/**
 * Base64 at native speed for `jose` on Node 20.
 *
 * `jose` encodes and decodes every JWS and JWE part with `Uint8Array.prototype.toBase64` and
 * `Uint8Array.fromBase64` (the ECMAScript methods for base64, in V8 from 2025) when the runtime has
 * them, and otherwise with `String.fromCharCode` + `btoa` / `atob` and a loop over every character.
 * On Node 20 it takes the slow way: sealing an 8 MiB evidence chunk spent over a second in it, and
 * it was about half of sealing and opening an ordinary message (profiles in BENCHMARKS.md).
 *
 * Where the runtime lacks them, this installs the two methods over Node's native `Buffer` codec,
 * with the standard's checks that `Buffer` alone would skip (it silently ignores characters outside
 * the alphabet; the standard — and jose's own fallback through `atob` — refuses them): only the
 * chosen alphabet, ASCII whitespace skipped, at most two `=` and only at the end, padding complete
 * when present, and no dangling single character. The last chunk is handled "loose" (the standard's
 * default), the only mode jose uses; any other option is refused rather than half followed.
 * Where the runtime has the methods (Node 25 and later), nothing is installed.
 */

type Alphabet = "base64" | "base64url";

function alphabetOf(options: unknown): Alphabet {
  const alphabet = (options as { alphabet?: unknown } | undefined)?.alphabet ?? "base64";
  if (alphabet !== "base64" && alphabet !== "base64url") throw new TypeError(`unknown base64 alphabet: ${String(alphabet)}`);
  return alphabet;
}

const SYMBOLS: Record<Alphabet, RegExp> = { base64: /^[A-Za-z0-9+/]*={0,2}$/, base64url: /^[A-Za-z0-9_-]*={0,2}$/ };
/** The standard's ASCII whitespace: tab, line feed, form feed, carriage return, space. */
const WHITESPACE = /[\t\n\f\r ]/g;

/** Uint8Array.prototype.toBase64({ alphabet, omitPadding }). */
function toBase64(this: Uint8Array, options?: { alphabet?: Alphabet; omitPadding?: boolean }): string {
  const alphabet = alphabetOf(options);
  const text = Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString(alphabet);
  // Node writes base64 padded and base64url unpadded; the standard pads both unless told not to.
  if (options?.omitPadding) return alphabet === "base64" ? text.replace(/=+$/, "") : text;
  return alphabet === "base64url" ? text.padEnd(Math.ceil(text.length / 4) * 4, "=") : text;
}

/** Uint8Array.fromBase64(string, { alphabet, lastChunkHandling: "loose" }). */
function fromBase64(input: unknown, options?: { alphabet?: Alphabet; lastChunkHandling?: string }): Uint8Array {
  if (typeof input !== "string") throw new TypeError("fromBase64 takes a string");
  const alphabet = alphabetOf(options);
  const handling = options?.lastChunkHandling ?? "loose";
  if (handling !== "loose") throw new TypeError(`lastChunkHandling ${handling} is not supported here`);
  return decodedAtOnce(input, alphabet) ?? decodedChecked(input, alphabet);
}

/** The other alphabet's two symbols, which Node's decoder accepts in either alphabet. */
const FOREIGN: Record<Alphabet, [string, string]> = { base64: ["-", "_"], base64url: ["+", "/"] };

/**
 * The usual case at native speed: no whitespace, padding (if any) complete, only the alphabet. Node's
 * decoder skips a character outside both alphabets (whitespace too) and stops at a misplaced "=", so
 * it then yields fewer bytes than the text's length promises — for any length that is not 1 modulo 4
 * (refused anyway), one character less always means at least one byte less. Bytes exactly as many as
 * promised, and neither of the other alphabet's two symbols present, is what the regular expressions
 * of `decodedChecked` establish, without two passes over an 11 MB evidence chunk. Anything else goes
 * the checked way, which refuses it or strips its whitespace.
 */
function decodedAtOnce(input: string, alphabet: Alphabet): Uint8Array | null {
  let end = input.length;
  while (end > 0 && input.charCodeAt(end - 1) === 61 /* = */) end--;
  const padding = input.length - end;
  if (padding > 2 || (padding > 0 && input.length % 4 !== 0) || end % 4 === 1) return null;
  const data = padding > 0 ? input.slice(0, end) : input;
  const [a, b] = FOREIGN[alphabet];
  if (data.includes(a) || data.includes(b)) return null;
  const bytes = Buffer.from(data, alphabet);
  if (bytes.length !== Math.floor((data.length * 3) / 4)) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The standard's checks one by one (whitespace skipped), for text the fast way did not take. */
function decodedChecked(input: string, alphabet: Alphabet): Uint8Array {
  const text = WHITESPACE.test(input) ? input.replace(WHITESPACE, "") : input;
  WHITESPACE.lastIndex = 0;
  if (!SYMBOLS[alphabet].test(text)) throw new SyntaxError(`not ${alphabet}: a character outside its alphabet or a misplaced "="`);
  const padded = text.endsWith("=");
  const data = padded ? text.replace(/=+$/, "") : text;
  if ((padded && text.length % 4 !== 0) || data.length % 4 === 1) throw new SyntaxError(`not ${alphabet}: its length is incomplete`);
  const bytes = Buffer.from(data, alphabet);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Installs the two methods where the runtime does not have them. Safe to call more than once. */
export function installNativeBase64(): void {
  const proto = Uint8Array.prototype as unknown as { toBase64?: unknown };
  const ctor = Uint8Array as unknown as { fromBase64?: unknown };
  if (typeof proto.toBase64 !== "function")
    Object.defineProperty(Uint8Array.prototype, "toBase64", { value: toBase64, writable: true, configurable: true });
  if (typeof ctor.fromBase64 !== "function")
    Object.defineProperty(Uint8Array, "fromBase64", { value: fromBase64, writable: true, configurable: true });
}

export const forTests = { toBase64, fromBase64, decodedChecked };
