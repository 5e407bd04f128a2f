/**
 * Renders a request document to Word (.docx), the format practitioners finish and sign. Right-to-left
 * paragraphs are marked bidirectional and Word shapes Arabic itself; the fonts are named (the same Noto
 * families the PDF embeds) with a complex-script and an East Asian font for each run.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import JSZip from "jszip";
import type { Block, Fixed, RequestDocument } from "./document.js";

const FONT = { ascii: "Noto Sans", hAnsi: "Noto Sans", cs: "Noto Naskh Arabic", eastAsia: "WenQuanYi Micro Hei" };
const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/** Renders the document to the bytes of a .docx file. */
export async function renderDocx(doc: RequestDocument): Promise<Buffer> {
  const rtl = doc.dir === "rtl";
  const run = (text: string, opts: { bold?: boolean; size?: number; rtl?: boolean; color?: string; lang?: string } = {}) =>
    new TextRun({
      text,
      bold: opts.bold,
      size: opts.size,
      font: FONT,
      rightToLeft: opts.rtl ?? rtl,
      color: opts.color,
      // The second language's runs say so; the rest take the document's language from the default style.
      ...(opts.lang && opts.lang !== doc.lang ? { language: wordLanguage(opts.lang) } : {}),
    });
  const para = (children: TextRun[], opts: { rtl?: boolean; heading?: Level; spacingAfter?: number; align?: "center" } = {}) =>
    new Paragraph({
      children,
      bidirectional: opts.rtl ?? rtl,
      alignment: opts.align === "center" ? AlignmentType.CENTER : AlignmentType.START,
      spacing: { after: opts.spacingAfter ?? 120, before: opts.heading ? 240 : 0 },
      // Headings are Word headings (the navigation pane, screen readers, a table of contents) and keep
      // with the paragraph that follows, never split across a page break.
      ...(opts.heading ? { heading: HEADINGS[opts.heading], keepNext: true, keepLines: true } : {}),
    });
  /** Fixed text: one paragraph, or — bilingual — a two-column row with each language in its own direction. */
  const fixed = (f: Fixed, opts: { bold?: boolean; size?: number; heading?: Level; prefix?: string } = {}): (Paragraph | Table)[] => {
    const prefix = opts.prefix ? `${opts.prefix} ` : "";
    if (!f.second || !doc.second) return [para([run(prefix + f.text, opts)], { heading: opts.heading })];
    const secondRtl = doc.second.dir === "rtl";
    const secondLang = doc.second.lang;
    return [
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        borders: NO_BORDERS,
        rows: [
          new TableRow({
            cantSplit: true,
            children: [
              new TableCell({
                width: { size: 50, type: WidthType.PERCENTAGE },
                children: [para([run(prefix + f.text, opts)], { heading: opts.heading })],
              }),
              new TableCell({
                width: { size: 50, type: WidthType.PERCENTAGE },
                children: [
                  para([run(prefix + f.second, { ...opts, rtl: secondRtl, lang: secondLang })], { rtl: secondRtl, heading: opts.heading }),
                ],
              }),
            ],
          }),
        ],
      }),
    ];
  };
  const label = (f: Fixed) => (f.second ? `${f.text} / ${f.second}` : f.text);

  const body: (Paragraph | Table)[] = [];
  for (const line of doc.letterhead) body.push(para([run(line, { bold: true })], { spacingAfter: 0 }));
  if (doc.marking) body.push(...fixed(doc.marking, { bold: true, size: 24 }));
  body.push(para([], {}));
  for (const m of doc.meta) body.push(para([run(`${label(m.label)}${doc.colon}`, { bold: true }), run(m.value)], { spacingAfter: 40 }));
  body.push(para([], {}));
  for (const line of doc.addressee) body.push(para([run(line)], { spacingAfter: 0 }));
  body.push(...fixed(doc.title, { bold: true, size: 30, heading: 1 }));
  for (const b of doc.blocks) body.push(...blockParagraphs(b));
  body.push(para([], {}));
  for (const line of doc.signature) body.push(para([run(line)], { spacingAfter: 0 }));

  function blockParagraphs(b: Block): (Paragraph | Table)[] {
    switch (b.kind) {
      case "heading":
        return fixed(b.text, { bold: true, size: 26, heading: 2, prefix: b.number });
      case "subheading":
        return fixed(b.text, { bold: true, heading: 3 });
      case "fixed":
        return fixed(b.text);
      case "free":
        return b.text.split("\n").map((line, i, all) => para([run(line)], { spacingAfter: i === all.length - 1 ? 120 : 0 }));
      case "field": {
        const lines = b.value.split("\n");
        return lines.map((line, i) =>
          para(i === 0 ? [run(`${label(b.label)}${doc.colon}`, { bold: true }), run(line)] : [run(line)], {
            spacingAfter: i === lines.length - 1 ? 80 : 0,
          }),
        );
      }
    }
  }

  const [before, after] = splitPage(doc.page(1, 2));
  const document = new Document({
    creator: doc.properties.author || "Rogatory",
    lastModifiedBy: "Rogatory",
    title: doc.properties.title,
    subject: doc.properties.reference,
    description: "Request for mutual legal assistance drafted with Rogatory",
    styles: {
      default: { document: { run: { font: FONT, size: 22, language: wordLanguage(doc.lang) } } },
      // Word's heading styles, in the document's colour: the runs set their own size and weight.
      paragraphStyles: ([1, 2, 3] as const).map((level) => ({
        id: `Heading${level}`,
        name: `heading ${level}`,
        basedOn: "Normal",
        next: "Normal",
        quickFormat: true,
        paragraph: { outlineLevel: level - 1 },
        run: { color: "000000", font: FONT },
      })),
    },
    sections: [
      {
        properties: { page: { margin: { top: 1200, bottom: 1200, left: 1300, right: 1300 } } },
        headers: doc.marking
          ? { default: new Header({ children: [para([run(label(doc.marking), { bold: true, color: "A00000" })], { align: "center" })] }) }
          : undefined,
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                bidirectional: rtl,
                children: [
                  run(`${doc.properties.reference ? `${doc.properties.reference} — ` : ""}${before}`, { size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16, font: FONT }),
                  run(after.middle, { size: 16 }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16, font: FONT }),
                  run(after.end, { size: 16 }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return deterministic(await Packer.toBuffer(document), doc.properties.date);
}

type Level = 1 | 2 | 3;
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Word's language attributes for a document language (w:lang: Latin/Cyrillic, East Asian, complex script). */
function wordLanguage(lang: string): { value: string; eastAsia?: string; bidirectional?: string } {
  return { value: lang, ...(lang === "zh" ? { eastAsia: lang } : {}), ...(lang === "ar" ? { bidirectional: lang } : {}) };
}

/**
 * The same draft gives the same file: the package's creation and modification dates become the
 * request's date, and every zip entry gets that date too (the docx library writes "now" in both).
 */
async function deterministic(docx: Buffer, day: string): Promise<Buffer> {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : new Date(0);
  const zip = await JSZip.loadAsync(docx);
  const core = zip.file("docProps/core.xml");
  if (core) {
    const xml = (await core.async("string")).replace(
      /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
      `$1${date.toISOString().replace(/\.\d{3}Z$/, "Z")}$3`,
    );
    zip.file("docProps/core.xml", xml);
  }
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name];
    if (entry) entry.date = date;
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

/** Splits "Page 1 of 2" (in any language) around the two numbers, to put fields in their place. */
function splitPage(sample: string): [string, { middle: string; end: string }] {
  const first = sample.indexOf("1");
  const second = sample.indexOf("2", first + 1);
  return [sample.slice(0, first), { middle: sample.slice(first + 1, second), end: sample.slice(second + 1) }];
}
