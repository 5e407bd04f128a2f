/** The little of fontkit (pdfkit's font engine) that Rogatory uses directly: parsing a font once per process. */
declare module "fontkit" {
  /** A parsed font (or, for a collection with a PostScript name, the named face), as pdfkit accepts it. */
  export interface Font {
    layout(text: string, features?: string[]): unknown;
    postscriptName: string;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
