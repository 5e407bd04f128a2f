/**
 * The completeness check and the risk check on the seed scenarios. Each legal expectation cites the
 * provision it checks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { checkDraft } from "./checker.js";
import { type DraftContent, draftContentSchema } from "./draft.js";
import { lawForDraft } from "./law.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const seed000 = (): DraftContent => draftContentSchema.parse(JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8")));
const check = (d: DraftContent) => checkDraft(d, lawForDraft(kb, files, d));

describe("completeness check", () => {
  it("needs the states, the date and a measure before it can determine the law", () => {
    const r = check(draftContentSchema.parse({}));
    expect(r.ready).toBe(false);
    expect(r.blocking.map((e) => e.id)).toEqual(["setup:requesting", "setup:requested", "setup:requestDate", "setup:measures"]);
  });

  it("seed 000, US request to Russia relying also on UNTOC art. 18: missing facts block, citing art. 18(15)(c)", () => {
    const d = seed000();
    d.facts = "";
    d.offences = [{ ...d.offences[0], text: "" } as DraftContent["offences"][number]];
    const r = check(d);
    expect(r.ready).toBe(false);
    const facts = r.blocking.find((e) => e.id === "facts_summary");
    // Art. 18(15)(c): a summary of the facts, except for requests for service alone (its own provision).
    expect(facts?.citations.map((c) => c.provision)).toEqual(["untoc-2000:art-18-15-c"]);
    expect(facts?.field).toBe("facts");
    // The offence text is not among the items of UNTOC art. 18(15); the US–Russia MLAT's own article on
    // the contents of requests is not recorded in the knowledge base, so it is advice here, not a block.
    expect(r.blocking.some((e) => e.id === "offence_text")).toBe(false);
    expect(r.warnings.some((e) => e.id === "offence_text" && e.source === "practice")).toBe(true);
  });

  it("seed 000 complete: nothing blocks", () => {
    const r = check(seed000());
    expect(r.blocking).toEqual([]);
    expect(r.ready).toBe(true);
  });

  it("seed 004, Russia to the UK under the 1959 Convention: letters rogatory for testimony need the offence and the facts (art. 14(2))", () => {
    const d = seed000();
    Object.assign(d, { requesting: "RU", requested: "GB", requestDate: "2012-05-01", basisInstrument: "", alsoRelyOn: [] });
    d.facts = "";
    d.offences = [];
    const r = check(d);
    const byId = new Map(r.blocking.map((e) => [e.id, e]));
    expect(byId.get("facts_summary")?.citations.map((c) => c.provision)).toContain("cets-030:art-14-2");
    expect(byId.get("offence_text")?.citations.map((c) => c.provision)).toContain("cets-030:art-14-2");
    // Art. 14(1): the authority making the request, its object and reason.
    expect(r.entries.find((e) => e.id === "requesting_authority")?.citations.map((c) => c.provision)).toContain("cets-030:art-14-1");
  });

  it("seed 004: service of documents alone is not a letter rogatory under arts. 3–5, so art. 14(2) does not ask for the facts", () => {
    const d = seed000();
    Object.assign(d, { requesting: "RU", requested: "GB", requestDate: "2012-05-01", basisInstrument: "", alsoRelyOn: [] });
    d.measures = [{ ...d.measures[0], measure: "service", documentToServe: "Summons" } as DraftContent["measures"][number]];
    d.facts = "";
    const r = check(d);
    expect(r.blocking.some((e) => e.id === "facts_summary")).toBe(false);
  });

  it("refuses an instrument that is not an applicable basis, naming the field", () => {
    const d = seed000();
    d.basisInstrument = "cets-030";
    const r = check(d);
    expect(r.blocking[0]?.field).toBe("basisInstrument");
  });
});

describe("risk check", () => {
  it("warns of the military-offence ground of the US–Russia MLAT for an offence under military law", () => {
    const d = seed000();
    d.offences = [{ ...d.offences[0], family: "military" } as DraftContent["offences"][number]];
    const r = check(d);
    const risk = r.risks.find((x) => x.ground === "military_offence");
    expect(risk?.citation.provision).toBe("us-ru-mlat-1999:denial-military-offence");
  });

  it("raises nothing for the seed's cybercrime offence mapped to an ICCS section", () => {
    expect(check(seed000()).risks).toEqual([]);
  });
});
