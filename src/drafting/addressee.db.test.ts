/**
 * The request's addressee from the directory (issue 16 §1): a draft to Latvia under UNTOC is addressed
 * to the authorities Latvia notified under art. 18(13), in the Word and the PDF document; written in
 * French, the check warns that Latvia accepts English and Latvian only (art. 18(14)). The addressee is
 * kept with the draft: an entry added to the directory later does not change a saved draft's documents,
 * while a new draft takes it, address and e-mail included. Where the directory has no entry, the document
 * names the central authority of the state, not an invented office.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { withoutPdftotext } from "../../test/support/poppler.js";

let t: TestApp;
let officer: Browser;
let admin: Browser;
const fixture = JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8")) as Record<string, unknown>;
/** Seed 000's content sent to Latvia under UNTOC, written in French. */
const TO_LATVIA = { ...fixture, requested: "LV", basisInstrument: "untoc-2000", alsoRelyOn: [], language: "fr" };
const LATVIA = "Prosecutor General's Office (pre-trial investigation); Ministry of Justice (trial)";

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  officer = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "drafter@addressee.test", role: "officer", organisationId: orgs.central }),
  );
  admin = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "admin@addressee.test", role: "administrator", organisationId: orgs.central }),
  );
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) =>
  t.app.inject({ ...opts, headers: { cookie: who.cookie, "x-csrf-token": who.csrf, ...(opts.headers ?? {}) } } as InjectOptions);

interface Addressee {
  jurisdiction: string;
  instrument: string;
  entry?: { authority: string; address?: { text: string }; email?: { value: string } };
  languages: { languages: string[]; cite: string }[];
}
interface DraftView {
  id: string;
  version: number;
  content: { addressee: Addressee | null };
}

async function draftWith(content: unknown): Promise<DraftView> {
  const res = await as(officer, { method: "POST", url: "/api/v1/drafts", payload: { title: "Request to Latvia", content } });
  expect(res.statusCode).toBe(201);
  return res.json();
}

/** The text of the draft's Word and PDF documents (word/document.xml's runs; pdftotext's layout-free text). */
async function documentsText(id: string): Promise<{ docx: string; pdf: string }> {
  const docx = await as(officer, { method: "GET", url: `/api/v1/drafts/${id}/document?format=docx` });
  const pdf = await as(officer, { method: "GET", url: `/api/v1/drafts/${id}/document?format=pdf` });
  expect([docx.statusCode, pdf.statusCode]).toEqual([200, 200]);
  const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file("word/document.xml")?.async("string")) ?? "";
  const dir = mkdtempSync(join(tmpdir(), "addressee-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf.rawPayload);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, "r.pdf"), "-"], { encoding: "utf8" });
    return { docx: [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("\n"), pdf: text.replace(/\s+/g, " ") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (withoutPdftotext) console.warn(`src/drafting/addressee.db.test.ts: ${withoutPdftotext}`);

// Each test reads the documents back, and the second builds on the first: all run, or none.
describe.skipIf(withoutPdftotext !== "")("the request's addressee, from the directory", () => {
  let first: DraftView;

  it("addresses a request to Latvia under UNTOC to the authorities it notified (art. 18(13)), with the languages it accepts (art. 18(14))", async () => {
    first = await draftWith(TO_LATVIA);
    expect(first.content.addressee).toMatchObject({
      jurisdiction: "LV",
      instrument: "untoc-2000",
      entry: { authority: LATVIA },
      languages: [{ languages: ["en", "lv"], cite: "UNTOC, Art. 18(14)" }],
    });
    const { docx, pdf } = await documentsText(first.id);
    // Word escapes the apostrophe in its XML.
    expect(docx.replaceAll("&apos;", "'")).toContain(LATVIA);
    expect(pdf).toContain("Prosecutor General");
    expect(pdf).toContain("Ministry of Justice (trial)");
  });

  it("warns that the request is in French while Latvia accepts English and Latvian under UNTOC, citing art. 18(14)", async () => {
    const check = (await as(officer, { method: "GET", url: `/api/v1/drafts/${first.id}/check` })).json();
    const risk = check.check.risks.find((r: { kind: string }) => r.kind === "language");
    expect(risk).toMatchObject({ citation: { cite: "UNTOC, Art. 18(14)" }, languages: { written: "fr", accepted: ["en", "lv"] } });
    expect(risk.message).toBe(
      "The request is written in French, which the requested central authority does not accept under United Nations Convention against Transnational Organized Crime; it accepts English, Latvian (UNTOC, Art. 18(14)).",
    );
    // Written in English: nothing to warn of.
    const english = await as(officer, {
      method: "PUT",
      url: `/api/v1/drafts/${first.id}`,
      payload: { version: first.version, content: { ...TO_LATVIA, language: "en" } },
    });
    first = english.json();
    const again = (await as(officer, { method: "GET", url: `/api/v1/drafts/${first.id}/check` })).json();
    expect(again.check.risks.filter((r: { kind: string }) => r.kind === "language")).toEqual([]);
  });

  it("keeps a saved draft's addressee when the directory changes; a new draft takes the new entry with its address and e-mail", async () => {
    const source = { document: "Test fixture (not a real source)" };
    const added = await as(admin, {
      method: "POST",
      url: "/api/v1/directory",
      payload: {
        jurisdiction: "LV",
        authority: "Test Central Authority of Latvia",
        source,
        lastChecked: "2026-11-30",
        instruments: [{ instrument: "untoc-2000", source }],
        address: { text: "1 Test Street\nRiga", source },
        channels: [{ kind: "email", value: "mla@lv.test", source }],
      },
    });
    expect(added.statusCode).toBe(201);
    // A client's own addressee is not taken: the server keeps the one it read.
    const saved = await as(officer, {
      method: "PUT",
      url: `/api/v1/drafts/${first.id}`,
      payload: { version: first.version, content: { ...TO_LATVIA, addressee: null } },
    });
    expect((saved.json() as DraftView).content.addressee?.entry?.authority).toBe(LATVIA);
    // Nor does a moment without a measure (no law, so no basis to read the directory for) change it.
    const cleared = (
      await as(officer, {
        method: "PUT",
        url: `/api/v1/drafts/${first.id}`,
        payload: { version: (saved.json() as DraftView).version, content: { ...TO_LATVIA, measures: [] } },
      })
    ).json() as DraftView;
    const restored = await as(officer, {
      method: "PUT",
      url: `/api/v1/drafts/${first.id}`,
      payload: { version: cleared.version, content: TO_LATVIA },
    });
    expect((restored.json() as DraftView).content.addressee?.entry?.authority).toBe(LATVIA);

    const second = await draftWith(TO_LATVIA);
    expect(second.content.addressee?.entry).toMatchObject({
      authority: "Test Central Authority of Latvia",
      address: { text: "1 Test Street\nRiga" },
      email: { value: "mla@lv.test" },
    });
    const { pdf } = await documentsText(second.id);
    expect(pdf).toContain("Test Central Authority of Latvia 1 Test Street Riga");
    expect(pdf).toContain("Courriel : mla@lv.test");
  });

  it("names the central authority of the state, and no office, where the directory records none (US–Russia treaty)", async () => {
    const draft = await draftWith(fixture);
    expect(draft.content.addressee).toMatchObject({ jurisdiction: "RU", languages: [] });
    expect(draft.content.addressee?.entry).toBeUndefined();
    const { docx, pdf } = await documentsText(draft.id);
    expect(docx).toContain("The Central Authority of the Russian Federation");
    expect(pdf).toContain("The Central Authority of the Russian Federation");
  });
});
