/**
 * Content-Disposition for downloads. File names here are Cyrillic, Arabic, Chinese… and HTTP headers
 * are Latin-1, so the name goes in RFC 5987 `filename*` (UTF-8, percent-encoded) as RFC 6266 says,
 * with an ASCII `filename` beside it for old clients, through the `content-disposition` package.
 */
import { validateHeaderValue } from "node:http";
import contentDisposition from "content-disposition";

// Control characters cannot be sent in a header (uploads refuse them; older rows may hold them).
// Quotes, semicolons and the rest are escaped by the package, so the name parses back unchanged.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
const CONTROL = /[\u0000-\u001F\u007F]/g;

/** The Content-Disposition header value for a file sent as an attachment (or inline) under its own name. */
export function dispositionOf(filename: string, type: "attachment" | "inline" = "attachment"): string {
  // The package keeps only what follows the last "/" or "\\" (a path's base name); a slash or backslash
  // inside a document's name ("Annex 1/2.pdf") becomes "_" instead, as uploads store it, so nothing is lost.
  const name = filename.replace(CONTROL, "_").replace(/[/\\]/g, "_").trim() || "download";
  // The ASCII fallback keeps the extension readable: "Протокол допроса.pdf" falls back to "________ _______.pdf".
  const fallback = name.replace(/[^\x20-\x7E]/g, "_").replace(/[\\%]/g, "_");
  return contentDisposition(name, { type, fallback });
}

/**
 * Removes every header value Node would refuse to write (a raw non-Latin-1 character, a line break)
 * and throws, so that the error handler answers a plain 500 without Node's code or message; called
 * by an onSend hook, before anything is written. Returns quietly when every header is valid.
 */
export function refuseInvalidHeaders(reply: { getHeaders(): Record<string, unknown>; removeHeader(name: string): unknown }): void {
  const bad: string[] = [];
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined) continue;
    try {
      for (const v of Array.isArray(value) ? value : [value]) validateHeaderValue(name, String(v));
    } catch {
      bad.push(name);
      reply.removeHeader(name);
    }
  }
  if (bad.length > 0) throw new Error(`invalid value of the response header(s) ${bad.join(", ")}`);
}
