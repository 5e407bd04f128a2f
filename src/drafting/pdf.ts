/**
 * Renders a request document to PDF with the fonts shipped in assets/fonts, so the same draft gives the
 * same pages everywhere. pdfkit draws and embeds font subsets; fontkit (inside pdfkit) shapes each run
 * (Arabic joining forms); this module does what neither does: picks a font per script, breaks lines
 * (spaces, and between CJK characters), and orders mixed right-to-left and left-to-right text with the
 * Unicode bidirectional algorithm (bidi-js).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as bidiModule from "bidi-js";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import type { Block, Fixed, RequestDocument } from "./document.js";

// bidi-js is CommonJS: under Node its factory is the default export of the namespace.
const bidi = (bidiModule as unknown as { default: () => import("bidi-js").Bidi }).default();

const FONT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "assets", "fonts");
type FontKey = "latin" | "latinBold" | "arabic" | "arabicBold" | "cjk";
const FONT_FILES: Record<FontKey, { file: string; family?: string }> = {
  latin: { file: "NotoSans-Regular.ttf" },
  latinBold: { file: "NotoSans-Bold.ttf" },
  arabic: { file: "NotoNaskhArabic-Regular.ttf" },
  arabicBold: { file: "NotoNaskhArabic-Bold.ttf" },
  cjk: { file: "wqy-microhei.ttc", family: "WenQuanYiMicroHei" },
};
let parsed: Record<FontKey, fontkit.Font> | null = null;
/**
 * The fonts, read and parsed once per process: parsing a font's tables is most of the cost of a
 * document if done for each one. pdfkit takes the parsed fontkit
 * objects as they are and subsets them for each document.
 */
function fonts(): Record<FontKey, fontkit.Font> {
  if (!parsed)
    parsed = Object.fromEntries(
      Object.entries(FONT_FILES).map(([k, v]) => [k, fontkit.create(readFileSync(join(FONT_DIR, v.file)), v.family)]),
    ) as Record<FontKey, fontkit.Font>;
  return parsed;
}

/** Widths of runs, remembered across documents: the same words recur in every request. */
const widths = new Map<string, number>();
const WIDTHS_MAX = 200_000;

/**
 * pdfkit shapes each word with fontkit and caches the result per document; the shaped words (glyph ids
 * and positions of the whole font, before subsetting) are the same in every document, so one cache per
 * font serves them all. This reaches into pdfkit's EmbeddedFont (`layoutCache`), a documented option
 * of pdfkit (`fontLayoutCache`) whose object is not: checked by the render tests.
 */
const layoutCaches = new Map<FontKey, { words: number; swaps: number; cache: Record<string, unknown> }>();
const LAYOUT_WORDS_MAX = 100_000;
function shareLayoutCache(pdf: PDFKit.PDFDocument, key: FontKey) {
  const font = (pdf as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (!font?.layoutCache) return;
  let shared = layoutCaches.get(key);
  if (!shared || shared.words > LAYOUT_WORDS_MAX) {
    shared = { words: 0, swaps: 0, cache: Object.create(null) as Record<string, unknown> };
    layoutCaches.set(key, shared);
  }
  if (font.layoutCache !== shared.cache) {
    font.layoutCache = shared.cache;
    // Counting the cache's words walks all its keys: do it now and then, not for every document.
    if (++shared.swaps % 64 === 0) shared.words = Object.keys(shared.cache).length;
  }
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const ARABIC_LETTER = /[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
const CJK =
  /[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;
/** Characters a line must not start with (closing punctuation), CJK and Western. */
const NO_LINE_START = /[、。，．：；！？）》」』】〕〉”’,.;:!?)\]}]/;

/** The font for one character: Arabic script, CJK, or Noto Sans for everything else. */
function fontFor(ch: string, bold: boolean): FontKey {
  if (ARABIC.test(ch)) return bold ? "arabicBold" : "arabic";
  if (CJK.test(ch)) return "cjk";
  return bold ? "latinBold" : "latin";
}

interface Style {
  size: number;
  bold: boolean;
  color?: string;
}

interface Run {
  text: string;
  font: FontKey;
  width: number;
}
interface Line {
  runs: Run[];
  width: number;
  height: number;
  /** The paragraph's resolved direction (free text takes the direction of its first strong character). */
  dir: "ltr" | "rtl";
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 72, bottom: 72, left: 68, right: 68 };

/** Renders the document to the bytes of a PDF file. */
export function renderPdf(doc: RequestDocument): Promise<Buffer> {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(doc.properties.date) ? new Date(`${doc.properties.date}T00:00:00Z`) : new Date(0);
  const pdf = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    // Fixed dates: the same draft gives the same file.
    info: {
      Title: doc.properties.title,
      Subject: doc.properties.reference,
      Author: doc.properties.author || "Rogatory",
      Creator: "Rogatory",
      Producer: "Rogatory",
      CreationDate: date,
      ModDate: date,
    },
    lang: doc.lang,
    displayTitle: true,
    // Tagged PDF 1.7: the structure tree below is what assistive technology reads.
    pdfVersion: "1.7",
    tagged: true,
    // No default Helvetica: every run names one of the shipped fonts, and parsing the AFM costs each document.
    font: null,
  } as unknown as PDFKit.PDFDocumentOptions);
  const parsedFonts = fonts();
  // pdfkit accepts a parsed fontkit font in place of a file; its types only list files.
  for (const key of Object.keys(FONT_FILES) as FontKey[]) pdf.registerFont(key, parsedFonts[key] as unknown as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  const width = PAGE.width - MARGIN.left - MARGIN.right;
  const bottom = PAGE.height - MARGIN.bottom;
  let y = MARGIN.top;

  const measure = (text: string, font: FontKey, size: number) => {
    const key = `${font}|${size}|${text}`;
    let w = widths.get(key);
    if (w === undefined) {
      pdf.font(font).fontSize(size);
      shareLayoutCache(pdf, font);
      w = pdf.widthOfString(text);
      if (widths.size >= WIDTHS_MAX) widths.clear();
      widths.set(key, w);
    }
    return w;
  };

  /**
   * The lines of a paragraph, laid out once per document: keeping headings with the text that follows
   * measures that text before it is drawn.
   */
  const laidOut = new Map<string, Line[]>();
  function layout(text: string, dir: "ltr" | "rtl" | "auto", style: Style, max: number): Line[] {
    const key = `${dir}|${style.size}|${style.bold}|${max}|${text}`;
    let lines = laidOut.get(key);
    if (!lines) {
      lines = layoutLines(text, dir, style, max);
      laidOut.set(key, lines);
    }
    return lines;
  }

  /** Breaks a paragraph into lines of at most `max` points, each line's runs in visual order. */
  function layoutLines(text: string, dir: "ltr" | "rtl" | "auto", style: Style, max: number): Line[] {
    if (text.length === 0) return [{ runs: [], width: 0, height: style.size * 1.5, dir: dir === "rtl" ? "rtl" : "ltr" }];
    const levels = bidi.getEmbeddingLevels(text, dir);
    const resolved: "ltr" | "rtl" = (levels.paragraphs[0]?.level ?? 0) % 2 === 1 ? "rtl" : "ltr";
    // Break opportunities: after a space, and between two CJK characters (not before closing punctuation).
    const tokens: [number, number][] = [];
    let start = 0;
    for (let i = 1; i <= text.length; i++) {
      const prev = text[i - 1] ?? "";
      const next = text[i] ?? "";
      const breakHere =
        i === text.length ||
        (/\s/.test(prev) && !/\s/.test(next)) ||
        ((CJK.test(prev) || CJK.test(next)) && !NO_LINE_START.test(next) && !/\s/.test(next));
      if (breakHere) {
        tokens.push([start, i]);
        start = i;
      }
    }
    const tokenWidth = ([s, e]: [number, number]) =>
      piecesOf(text, s, e, style.bold).reduce((w, p) => w + measure(text.slice(p.s, p.e), p.font, style.size), 0);
    const lines: [number, number][] = [];
    let lineStart = 0;
    let lineWidth = 0;
    for (const tok of tokens) {
      const w = tokenWidth(tok);
      const trailing = text.slice(tok[0], tok[1]).match(/\s+$/)?.[0] ?? "";
      const visible = w - (trailing ? measure(trailing, style.bold ? "latinBold" : "latin", style.size) : 0);
      if (lineWidth > 0 && lineWidth + visible > max) {
        lines.push([lineStart, tok[0]]);
        lineStart = tok[0];
        lineWidth = 0;
      }
      lineWidth += w;
    }
    lines.push([lineStart, text.length]);
    return lines.map(([s, e]) => {
      // Trailing spaces do not count towards the line (and are not drawn).
      let end = e;
      while (end > s && /\s/.test(text[end - 1] ?? "")) end--;
      const runs = end > s ? visualRuns(text, levels, s, end, style) : [];
      const lineHasArabic = ARABIC.test(text.slice(s, end));
      return { runs, width: runs.reduce((w, r) => w + r.width, 0), height: style.size * (lineHasArabic ? 1.75 : 1.5), dir: resolved };
    });
  }

  /** Pieces of [s, e) that share a font, in logical order. */
  function piecesOf(text: string, s: number, e: number, bold: boolean) {
    const pieces: { s: number; e: number; font: FontKey }[] = [];
    for (let i = s; i < e; i++) {
      const f = fontFor(text[i] ?? "", bold);
      const last = pieces[pieces.length - 1];
      if (last && last.font === f && last.e === i) last.e = i + 1;
      else pieces.push({ s: i, e: i + 1, font: f });
    }
    return pieces;
  }

  /** The runs of one line in visual (left-to-right) order, each given to pdfkit as fontkit expects it. */
  function visualRuns(text: string, levels: ReturnType<typeof bidi.getEmbeddingLevels>, s: number, e: number, style: Style): Run[] {
    // bidi-js returns the whole string's indices with only this line's segments reversed.
    const order = bidi.getReorderedIndices(text, levels, s, e - 1).slice(s, e);
    const groups: { idx: number[]; font: FontKey; level: number }[] = [];
    for (const i of order) {
      const font = fontFor(text[i] ?? "", style.bold);
      const level = levels.levels[i] ?? 0;
      const g = groups[groups.length - 1];
      const last = g?.idx[g.idx.length - 1];
      const contiguous = last !== undefined && (level % 2 === 1 ? i === last - 1 : i === last + 1);
      if (g && g.font === font && g.level === level && contiguous) g.idx.push(i);
      else groups.push({ idx: [i], font, level });
    }
    return groups.map((g) => {
      const lo = Math.min(...g.idx);
      const hi = Math.max(...g.idx);
      const logical = text.slice(lo, hi + 1);
      const rtl = g.level % 2 === 1;
      let draw: string;
      if (g.font.startsWith("arabic") && ARABIC_LETTER.test(logical)) {
        // fontkit shapes Arabic and reverses it into visual order itself: hand it the logical text.
        draw = logical;
      } else if (g.font.startsWith("arabic")) {
        // Arabic-script digits or punctuation only: fontkit would still reverse them, so pre-reverse.
        draw = rtl ? logical : [...logical].reverse().join("");
      } else if (rtl) {
        // Neutral characters resolved right-to-left: visual order, brackets mirrored.
        draw = g.idx.map((i) => bidi.getMirroredCharacter(text[i] ?? "") ?? text[i]).join("");
      } else draw = logical;
      return { text: draw, font: g.font, width: measure(draw, g.font, style.size) };
    });
  }

  /** A new page when `height` more does not fit (never from the top of a page: an overlong block just flows). */
  function newPageIfNeeded(height: number) {
    if (y + height > bottom && y > MARGIN.top) {
      // Not addPage: continueOnNewPage closes the marked content open on this page and reopens it on the next.
      pdf.continueOnNewPage();
      y = MARGIN.top;
    }
  }

  function drawLine(line: Line, x: number, colWidth: number, style: Style) {
    let cx = line.dir === "rtl" ? x + colWidth - line.width : x;
    for (const r of line.runs) {
      pdf.font(r.font).fontSize(style.size);
      shareLayoutCache(pdf, r.font);
      pdf.fillColor(style.color ?? "#000000").text(r.text, cx, y, { lineBreak: false });
      cx += r.width;
    }
  }

  // The structure tree (tagged PDF): headings, paragraphs and the language of each column, so screen
  // readers and PDF/UA checkers read the document in order; page furniture is marked as artifacts.
  const root = pdf.struct("Document");
  pdf.addStructure(root);
  type StructElement = ReturnType<typeof pdf.struct>;

  /**
   * Draws the content of a new structure element of `type`, with its language when not the document's,
   * and its text in logical order as ActualText: lines are drawn without their breaking spaces and
   * right-to-left runs in visual order, which a screen reader must not read as they are drawn.
   */
  function tagged(type: string, draw: () => void, text: string, lang?: string, parent: StructElement = root) {
    const element = pdf.struct(type, { actual: text, ...(lang && lang !== doc.lang ? { lang } : {}) });
    parent.add(element);
    const content = pdf.markStructureContent(type);
    draw();
    pdf.endMarkedContent();
    element.add(content);
    element.end();
  }

  const linesOf = (text: string, style: Style, dir: "ltr" | "rtl" | "auto", max = width) =>
    text.split("\n").flatMap((raw) => layout(raw, dir, style, max));

  /** A paragraph across the full width, in the document's direction, as one structure element. */
  function paragraph(text: string, style: Style, after = 6, dir: "ltr" | "rtl" | "auto" = doc.dir, type = "P") {
    const lines = linesOf(text, style, dir);
    if (lines.every((l) => l.runs.length === 0)) {
      // A blank line is spacing, not content.
      y += lines.reduce((h, l) => h + l.height, 0) + after;
      return;
    }
    tagged(
      type,
      () => {
        for (const line of lines) {
          newPageIfNeeded(line.height);
          drawLine(line, MARGIN.left, width, style);
          y += line.height;
        }
      },
      text,
    );
    y += after;
  }

  const GAP = 18;
  const COLUMN = (width - GAP) / 2;
  /** Fixed text's lines: one column, or — bilingual — the two columns, each language in its own direction. */
  function fixedColumns(f: Fixed, style: Style): { a: Line[]; b?: Line[] } {
    if (!f.second || !doc.second) return { a: linesOf(f.text, style, doc.dir) };
    return { a: layout(f.text, doc.dir, style, COLUMN), b: layout(f.second, doc.second.dir, style, COLUMN) };
  }
  /** The heights of the rows fixed text takes (two columns side by side count as one row per line). */
  function fixedRows(f: Fixed, style: Style): number[] {
    const { a, b } = fixedColumns(f, style);
    if (!b) return a.map((l) => l.height);
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => Math.max(a[i]?.height ?? 0, b[i]?.height ?? 0));
  }

  /** Fixed text: one paragraph, or — bilingual — two columns, each a span in its own language. */
  function fixed(f: Fixed, style: Style, after = 6, type = "P") {
    if (!f.second || !doc.second) return paragraph(f.text, style, after, doc.dir, type);
    const { a, b = [] } = fixedColumns(f, style);
    const second = doc.second;
    const height = Math.max(
      a.reduce((h, l) => h + l.height, 0),
      b.reduce((h, l) => h + l.height, 0),
    );
    newPageIfNeeded(Math.min(height, bottom - MARGIN.top));
    const top = y;
    // The first language takes the reading-start column of the document.
    const [xa, xb] = doc.dir === "rtl" ? [MARGIN.left + COLUMN + GAP, MARGIN.left] : [MARGIN.left, MARGIN.left + COLUMN + GAP];
    const element = pdf.struct(type);
    root.add(element);
    const column = (lines: Line[], x: number, text: string, lang: string) =>
      tagged(
        "Span",
        () => {
          y = top;
          for (const l of lines) {
            drawLine(l, x, COLUMN, style);
            y += l.height;
          }
        },
        text,
        lang,
        element,
      );
    column(a, xa, f.text, doc.lang);
    column(b, xb, f.second ?? "", second.lang);
    element.end();
    y = top + height + after;
  }

  const label = (f: Fixed) => (f.second ? `${f.text} / ${f.second}` : f.text);

  const HEADING: Style = { size: 12.5, bold: true };
  const SUBHEADING: Style = { size: 11, bold: true };
  const BODY: Style = { size: 10.5, bold: false };
  const LABEL: Style = { size: 9.5, bold: true, color: "#333333" };
  const HEADING_SPACE = 8;
  const sum = (hs: number[]) => hs.reduce((h, x) => h + x, 0);
  const headingText = (b: Extract<Block, { kind: "heading" }>): Fixed => ({
    text: `${b.number} ${b.text.text}`,
    ...(b.text.second ? { second: `${b.number} ${b.text.second}` } : {}),
  });

  /**
   * Keep with next: the height that must stay on the page with what comes before block `i` — all of a
   * heading (and of what it keeps with in turn), a field's label, and the first two lines of text — so no
   * heading or label is left at the foot of a page without the text it introduces.
   */
  function lead(i: number): number {
    const b = doc.blocks[i];
    if (!b) return 0;
    switch (b.kind) {
      case "heading":
        return HEADING_SPACE + sum(fixedRows(headingText(b), HEADING)) + lead(i + 1);
      case "subheading":
        return sum(fixedRows(b.text, SUBHEADING)) + lead(i + 1);
      case "fixed":
        return sum(fixedRows(b.text, BODY).slice(0, 2));
      case "free":
        return sum(
          linesOf(b.text, BODY, "auto")
            .slice(0, 2)
            .map((l) => l.height),
        );
      case "field":
        return fieldLead(b);
    }
  }
  function fieldLead(b: Extract<Block, { kind: "field" }>): number {
    const labelHeight = sum(linesOf(label(b.label), LABEL, doc.dir).map((l) => l.height));
    return (
      labelHeight +
      sum(
        linesOf(b.value, BODY, "auto")
          .slice(0, 2)
          .map((l) => l.height),
      )
    );
  }

  function drawBlock(b: Block, i: number) {
    switch (b.kind) {
      case "heading":
        newPageIfNeeded(lead(i));
        y += HEADING_SPACE;
        return fixed(headingText(b), HEADING, 6, "H2");
      case "subheading":
        newPageIfNeeded(lead(i));
        return fixed(b.text, SUBHEADING, 4, "H3");
      case "fixed":
        return fixed(b.text, BODY, 6);
      case "free":
        return paragraph(b.text, BODY, 6, "auto");
      case "field": {
        newPageIfNeeded(fieldLead(b));
        paragraph(label(b.label), LABEL, 1);
        return paragraph(b.value, BODY, 6, "auto");
      }
    }
  }

  // Letterhead, marking, references, title.
  for (const line of doc.letterhead) paragraph(line, { size: 11, bold: true }, 0, "auto");
  y += 8;
  if (doc.marking) fixed(doc.marking, { size: 12, bold: true, color: "#a00000" }, 8);
  for (const m of doc.meta) paragraph(`${label(m.label)}${doc.colon}${m.value}`, { size: 10, bold: false }, 1);
  y += 8;
  for (const line of doc.addressee) paragraph(line, { size: 10, bold: false }, 0, "auto");
  if (doc.addressee.length > 0) y += 12;
  fixed(doc.title, { size: 15, bold: true }, 12, "H1");
  doc.blocks.forEach(drawBlock);
  y += 18;
  newPageIfNeeded(90);
  for (const line of doc.signature) paragraph(line || " ", { size: 10.5, bold: false }, 0, "auto");
  root.end();

  // Header marking and "Page n of m" on every page, once the number of pages is known.
  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    const footer = `${doc.properties.reference ? `${doc.properties.reference} — ` : ""}${doc.page(i + 1, range.count)}`;
    y = PAGE.height - MARGIN.bottom + 24;
    const lines = layout(footer, doc.dir, { size: 8.5, bold: false }, width);
    // Page furniture: an artifact, outside the structure tree (a screen reader does not read it per page).
    pdf.markContent("Artifact", { type: "Pagination" });
    for (const l of lines) {
      drawLine({ ...l, dir: "ltr" }, MARGIN.left + (width - l.width) / 2, l.width, { size: 8.5, bold: false, color: "#555555" });
      y += l.height;
    }
    if (doc.marking && i > 0) {
      y = MARGIN.top - 36;
      const mark = layout(label(doc.marking), doc.dir, { size: 9, bold: true }, width);
      for (const l of mark) {
        drawLine({ ...l, dir: "ltr" }, MARGIN.left + (width - l.width) / 2, l.width, { size: 9, bold: true, color: "#a00000" });
        y += l.height;
      }
    }
    pdf.endMarkedContent();
  }
  pdf.end();
  return done;
}
