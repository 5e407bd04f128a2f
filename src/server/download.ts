/**
 * Content-Disposition for downloads. File names here are Cyrillic, Arabic, Chinese… and HTTP headers
 * are Latin-1, so the name goes in RFC 5987 `filename*` (UTF-8, percent-encoded) as RFC 6266 says,
 * with an ASCII `filename` beside it for old clients, through the `content-disposition` package.
 */
import contentDisposition from "content-disposition";

// Control characters cannot be sent in a header (uploads refuse them; older rows may hold them).
// Quotes, semicolons and the rest are escaped by the package, so the name parses back unchanged.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
const CONTROL = /[\u0000-\u001F\u007F]/g;

/** The Content-Disposition header value for a file sent as an attachment (or inline) under its own name. */
export function dispositionOf(filename: string, type: "attachment" | "inline" = "attachment"): string {
  const name = filename.replace(CONTROL, "_").trim() || "download";
  // The ASCII fallback keeps the extension readable: "Протокол допроса.pdf" falls back to "________ _______.pdf".
  const fallback = name.replace(/[^\x20-\x7E]/g, "_").replace(/[\\%]/g, "_");
  return contentDisposition(name, { type, fallback });
}
