/**
 * The generated documents: the Word file's XML holds the sections in the order the basis lists the
 * contents of a request, with the citations; right-to-left documents are marked so; the PDF embeds the
 * shipped fonts and the same input gives the same bytes. (Page images and extracted text are checked
 * in the browser tests, where Poppler is installed with Chromium.)
 */
import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { buildRequestDocument, sectionOrder } from "./document.js";
import { renderDocx } from "./docx.js";
import { type DraftContent, draftContentSchema } from "./draft.js";
import { type DraftLaw, lawForDraft } from "./law.js";
import { renderPdf } from "./pdf.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const seed000 = (): DraftContent => draftContentSchema.parse(JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8")));
const lawOf = (d: DraftContent) => lawForDraft(kb, files, d) as DraftLaw;

async function documentXml(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  return (await zip.file("word/document.xml")?.async("string")) ?? "";
}
/** The visible text of a WordprocessingML part, paragraph by paragraph. */
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...(p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g) ?? [])].map((t) => t[1]).join(""),
  );

describe("Word document", () => {
  it("seed 000 in English: numbered sections, the basis with its citation, the language the requested state needs", async () => {
    const d = seed000();
    const xml = await documentXml(await renderDocx(buildRequestDocument(d, lawOf(d), "en")));
    const text = paragraphs(xml);
    const headings = text.filter((t) => /^\d+\. /.test(t));
    expect(headings[0]).toBe("1. Legal basis");
    expect(headings).toContain("4. Summary of the facts");
    expect(text.join("\n")).toContain("Treaty between the United States of America and the Russian Federation");
    expect(text.join("\n")).toContain(
      "In the alternative, it is also made under: United Nations Convention against Transnational Organized Crime",
    );
    expect(text.join("\n")).toContain("18 U.S.C. § 371");
    // No rule on the language of requests between the US and Russia is recorded: Russia's official language.
    expect(text.join("\n")).toContain("the official language of the requested state: Russian");
    expect(text.join("\n")).toContain("A translation into Russian is still needed.");
    expect(text.at(-1)).toBe("Central Authority of the United States");
  });

  it("gives the same bytes for the same draft, dated the request's date", async () => {
    const d = seed000();
    const a = await renderDocx(buildRequestDocument(d, lawOf(d), "en"));
    await new Promise((r) => setTimeout(r, 1100));
    const b = await renderDocx(buildRequestDocument(d, lawOf(d), "en"));
    expect(a.equals(b)).toBe(true);
    const core = await (await JSZip.loadAsync(a)).file("docProps/core.xml")?.async("string");
    expect(core).toContain(">2018-07-13T00:00:00Z</dcterms:created>");
  });

  it("follows the order of the contents of a request of the main basis (UNTOC art. 18(15) when made under UNTOC)", () => {
    const d = seed000();
    d.basisInstrument = "untoc-2000";
    d.alsoRelyOn = [];
    // Art. 18(15): authority, subject and nature, stage, facts, assistance and procedure, persons, purpose.
    expect(sectionOrder(lawOf(d)).slice(0, 6)).toEqual(["authority", "subject", "facts", "assistance", "procedures", "purpose"]);
  });

  it("marks an Arabic document right-to-left and keeps free text as typed", async () => {
    const d = seed000();
    const xml = await documentXml(await renderDocx(buildRequestDocument(d, lawOf(d), "ar")));
    expect(xml).toContain("<w:bidi/>");
    expect(xml).toContain("<w:rtl/>");
    expect(paragraphs(xml).join("\n")).toContain("طلب المساعدة القانونية المتبادلة في المسائل الجنائية");
    expect(paragraphs(xml).join("\n")).toContain(d.facts);
  });

  it("puts both languages of the fixed text side by side in a bilingual document", async () => {
    const d = seed000();
    const xml = await documentXml(await renderDocx(buildRequestDocument(d, lawOf(d), "ru", "en")));
    const text = paragraphs(xml);
    expect(text).toContain("1. Правовое основание");
    expect(text).toContain("1. Legal basis");
    expect(xml).toContain("<w:tbl>");
  });
});

describe("the addressee block (issue 16 §1)", () => {
  it("is the directory's entry where the draft has one for the requested state and main basis, else the state's central authority", async () => {
    const d = seed000();
    // No addressee recorded: the state's central authority, in the document's language, and no invented office.
    expect(buildRequestDocument(d, lawOf(d), "en").addressee).toEqual(["The Central Authority of the Russian Federation"]);
    expect(buildRequestDocument(d, lawOf(d), "zh").addressee).toEqual(["俄罗斯联邦中央机关"]);
    const source = { document: "Test fixture" };
    d.addressee = {
      jurisdiction: "RU",
      instrument: "us-ru-mlat-1999",
      readOn: "2026-12-01",
      entry: {
        id: "x",
        authority: "Test Office",
        source,
        address: { text: "1 Test Street\nMoscow", source },
        email: { value: "mla@ru.test", source },
      },
      languages: [],
    };
    const text = paragraphs(await documentXml(await renderDocx(buildRequestDocument(d, lawOf(d), "en"))));
    expect(text).toEqual(expect.arrayContaining(["Test Office", "1 Test Street", "Moscow", "E-mail: mla@ru.test"]));
    // Kept for another basis, it is not this request's addressee.
    d.basisInstrument = "untoc-2000";
    expect(buildRequestDocument(d, lawOf(d), "en").addressee).toEqual(["The Central Authority of the Russian Federation"]);
  });
});

describe("Word document: headings keep with the text that follows (issue 14 §6)", () => {
  it("every heading paragraph, bilingual ones too, is a Word heading that keeps with the next and is not split", async () => {
    const d = seed000();
    for (const [lang, second] of [
      ["en", undefined],
      ["ru", "ar"],
    ] as const) {
      const doc = buildRequestDocument(d, lawOf(d), lang, second);
      const xml = await documentXml(await renderDocx(doc));
      const headings = new Set([
        doc.title.text,
        ...doc.blocks.flatMap((b) =>
          b.kind === "heading" ? [`${b.number} ${b.text.text}`] : b.kind === "subheading" ? [b.text.text] : [],
        ),
      ]);
      const found = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
        .map((p) => p[0])
        .filter((p) => headings.has([...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")));
      expect(found.length, lang).toBe(headings.size);
      for (const p of found) {
        expect(p).toMatch(/<w:pStyle w:val="Heading[123]"\/>/);
        expect(p).toContain("<w:keepNext/>");
        expect(p).toContain("<w:keepLines/>");
      }
    }
  });

  it("runs in the second language carry its language", async () => {
    const d = seed000();
    const xml = await documentXml(await renderDocx(buildRequestDocument(d, lawOf(d), "en", "ar")));
    expect(xml).toContain('<w:lang w:val="ar" w:bidi="ar"/>');
  });
});

describe("PDF document", () => {
  it("embeds the shipped fonts and gives the same bytes for the same input", async () => {
    const d = seed000();
    const doc = buildRequestDocument(d, lawOf(d), "zh");
    const a = await renderPdf(doc);
    const b = await renderPdf(buildRequestDocument(d, lawOf(d), "zh"));
    expect(a.subarray(0, 5).toString()).toBe("%PDF-");
    const text = a.toString("latin1");
    expect(text).toMatch(/WenQuanYiMicroHei/);
    expect(text).toMatch(/NotoSans-Bold/);
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(a.equals(b)).toBe(true);
  });
});
