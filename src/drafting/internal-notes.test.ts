/**
 * The drafted request's internal notes (issue 14 §2): what the knowledge base cannot vouch for in the law
 * the request relies on is noted for the officer, and never appears in the text sent abroad — neither in
 * the Word file nor in the PDF (read back with Poppler's pdftotext).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { buildRequestDocument } from "./document.js";
import { renderDocx } from "./docx.js";
import { type DraftContent, draftContentSchema } from "./draft.js";
import { type DraftLaw, lawForDraft } from "./law.js";
import { renderPdf } from "./pdf.js";
import { withoutPdftotext } from "../../test/support/poppler.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
/** Seed 000: the US asks Russia on 13 July 2018 under the US–Russia MLAT, relying on UNTOC in the alternative. */
const seed000 = (): DraftContent => draftContentSchema.parse(JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8")));
const dir = mkdtempSync(join(tmpdir(), "rogatory-notes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text as a reader of the file sees it, with line breaks and repeated spaces folded. */
const fold = (s: string) => s.replace(/\s+/g, " ");

async function docxText(bytes: Buffer): Promise<string> {
  const xml = (await (await JSZip.loadAsync(bytes)).file("word/document.xml")?.async("string")) ?? "";
  return fold([...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(" "));
}

function pdfText(bytes: Buffer): string {
  const file = join(dir, "request.pdf");
  writeFileSync(file, bytes);
  return fold(execFileSync("pdftotext", [file, "-"]).toString());
}

if (withoutPdftotext) console.warn(`src/drafting/internal-notes.test.ts: ${withoutPdftotext}`);

describe("internal notes of a drafted request", () => {
  it.skipIf(withoutPdftotext !== "")(
    "notes the unverified MLAT provisions and the unrecorded language, and keeps them out of the Word and PDF files",
    async () => {
      const d = seed000();
      const law = lawForDraft(kb, files, d) as DraftLaw;
      const doc = buildRequestDocument(d, law, "en");
      // knowledge/instruments/us-ru-mlat-1999.yaml: the MLAT's provisions carry `unverified` (article numbers not checked).
      expect(doc.internalNotes).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^US–Russia MLAT: \d+ provisions cited here are not verified against the text/),
          expect.stringMatching(/^Language of the request: not recorded/),
        ]),
      );
      const docx = await docxText(await renderDocx(doc));
      const pdf = pdfText(await renderPdf(doc));
      // The files are the request itself (so a missing note is not an empty file).
      expect(docx).toContain("Treaty between the United States of America and the Russian Federation");
      expect(pdf).toContain("Legal basis");
      for (const text of [docx, pdf]) {
        for (const note of doc.internalNotes) expect(text).not.toContain(fold(note).slice(0, 40));
        expect(text).not.toMatch(/not verified against the text|article number not checked|knowledge base|check before/i);
      }
    },
    30_000,
  ); // renders a PDF and reads it back: generous for a loaded machine

  it("shows the same warnings at the top of the basis step as the law of the draft finds", () => {
    const d = seed000();
    const law = lawForDraft(kb, files, d) as DraftLaw;
    expect(law.warnings.map((w) => w.message)).toEqual(buildRequestDocument(d, law, "ru").internalNotes);
    // The MLAT is the main basis, UNTOC relied on in the alternative: the MLAT's unverified provisions are named.
    expect(law.warnings.find((w) => w.code === "provisions_unverified")?.instruments).toEqual(["us-ru-mlat-1999"]);
  });
});
