/**
 * Honest answers when the data is incomplete (issue 14 §2): every warning comes from the knowledge files
 * (`complete` and `statusAsOf` of a parties file, `unverified` of a provision or party record, a language
 * rule that is or is not recorded), and the engine's rulings are left as they were.
 */
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { type BasisQuery, parseBasisQuery, resolveBasis } from "./basis.js";
import { buildKnowledgeBase } from "./knowledge.js";
import { groupByGround, shortAnswer } from "./short-answer.js";
import { basisWarnings, citeLabel, languageStatus, readableSource, withWarnings } from "./warnings.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const ask = (q: Parameters<typeof parseBasisQuery>[0], base = kb) => resolveBasis(base, parseBasisQuery(q) as BasisQuery);

/** Brazil → Japan, 1 May 2024, an offence outside the Vienna Convention's scope (art. 3(1)): no treaty recorded. */
const brJp = () => ask({ from: "BR", to: "JP", on: "2024-05-01", offence: "other" });

describe("incomplete party lists", () => {
  it("says at the top that no treaty is recorded between Brazil and Japan and that the UNTOC and UNCAC lists are incomplete", () => {
    const a = brJp();
    expect(a.bases.map((b) => b.instrument)).toEqual(["reciprocity"]);
    const [first] = basisWarnings(kb, a);
    expect(first?.code).toBe("party_lists_incomplete");
    // knowledge/parties/untoc-2000.yaml: complete false, statusAsOf 2014-01-27; Japan recorded as signatory only.
    // knowledge/parties/uncac-2003.yaml: complete false, statusAsOf 2014-07-10; Japan recorded as signatory only.
    expect(first?.message).toMatch(/^Brazil and Japan: no treaty recorded between them; the party lists of .*UNCAC, UNTOC/);
    expect(first?.message).toContain("10 July 2014 (UNCAC) and 27 January 2014 (UNTOC)");
    expect(first?.message).toMatch(/— check before relying on reciprocity\.$/);
    expect(first?.instruments).toEqual(expect.arrayContaining(["untoc-2000", "uncac-2003"]));
    // The Vienna Convention binds both (it is excluded by its offence scope, art. 3(1)): not a data gap.
    expect(first?.instruments).not.toContain("vienna-1988");
  });

  it("does not name a list that is complete: the same facts with UNTOC's list marked complete", () => {
    const parties = Object.fromEntries(
      Object.entries(files.parties).map(([name, raw]) => {
        const file = raw as { instrument: string };
        return [name, file.instrument === "untoc-2000" ? { ...file, complete: true } : file];
      }),
    );
    const completeKb = buildKnowledgeBase({ ...files, parties });
    const a = ask({ from: "BR", to: "JP", on: "2024-05-01", offence: "other" }, completeKb);
    const warning = basisWarnings(completeKb, a).find((w) => w.code === "party_lists_incomplete");
    expect(warning?.instruments).toContain("uncac-2003");
    expect(warning?.instruments).not.toContain("untoc-2000");
  });

  it("adds warnings without changing the engine's ruling", () => {
    const a = brJp();
    const before = JSON.stringify(a);
    const withW = withWarnings(kb, a);
    expect(JSON.stringify(a)).toBe(before);
    expect("warnings" in a).toBe(false);
    const { warnings, ...rest } = withW;
    expect(rest).toEqual(a);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it("warns that the United States' bilateral list is incomplete where no treaty with the partner is recorded (US → Colombia)", () => {
    // knowledge/bilateral/us.yaml: complete false; Colombia is not recorded.
    const w = basisWarnings(kb, ask({ from: "US", to: "CO", on: "2020-01-01", measures: ["testimony"] }));
    expect(w.find((x) => x.code === "bilateral_list_incomplete")?.message).toMatch(
      /^United States of America's bilateral treaties are not all recorded .* a treaty with Colombia may exist/,
    );
  });

  it("warns of a bilateral treaty recorded without a known entry into force (US → UK, UNTOC art. 18(7))", () => {
    const w = basisWarnings(kb, ask({ from: "US", to: "GB", on: "2016-01-01", measures: ["testimony"] }));
    expect(w.find((x) => x.code === "treaty_status_unknown")?.message).toMatch(
      /entry into force is not known — check before relying on this answer; if it is in force, it governs instead of the paragraphs named in .*UNTOC, Art\. 18\(7\)/,
    );
  });
});

describe("unverified provisions and records", () => {
  const usRu = () => ask({ from: "US", to: "RU", on: "2018-07-13", measures: ["testimony", "records"] });

  it("names the US–Russia MLAT provisions cited whose article numbers were not checked", () => {
    const w = basisWarnings(kb, usRu()).find((x) => x.code === "provisions_unverified");
    // knowledge/instruments/us-ru-mlat-1999.yaml: every provision carries `unverified` (from the CRS sidebar).
    expect(w?.instruments).toEqual(["us-ru-mlat-1999"]);
    expect(w?.provisions).toEqual(expect.arrayContaining(["us-ru-mlat-1999:forms", "us-ru-mlat-1999:safe-conduct"]));
    expect(w?.message).toMatch(/^US–Russia MLAT: \d+ provisions cited here are not verified against the text \(article number not checked/);
  });

  it("labels a citation whose article number was not checked, and leaves a checked one as it is", () => {
    expect(citeLabel(kb, { provision: "us-ru-mlat-1999:forms", cite: "US–Russia MLAT, Scope of assistance: forms" })).toBe(
      "US–Russia MLAT, Scope of assistance: forms (article number not checked)",
    );
    // UNTOC art. 18(8) carries no `unverified`.
    expect(citeLabel(kb, { provision: "untoc-2000:art-18-8", cite: "UNTOC, Art. 18(8)" })).toBe("UNTOC, Art. 18(8)");
  });

  it("names an unverified party record of a basis (Budapest Convention, US and UK)", () => {
    const w = basisWarnings(kb, ask({ from: "US", to: "GB", on: "2016-01-01", measures: ["testimony"] }));
    expect(w.filter((x) => x.code === "party_record_unverified").map((x) => x.message)).toEqual([
      expect.stringMatching(/^Budapest Convention: the party record of United States of America is not verified \(dates transcribed/),
      expect.stringMatching(/^Budapest Convention: the party record of United Kingdom is not verified/),
    ]);
  });

  it("never shows a repository path in a source, whatever the knowledge file says", () => {
    expect(readableSource(kb.provisions.get("us-ru-mlat-1999:forms")?.source ?? { document: "x" })).toBe(
      "CRS Legal Sidebar LSB10176, 'Mutual Legal Assistance Treaty with the Russian Federation: A Sketch' (24 July 2018)",
    );
    for (const p of kb.provisions.values()) expect(readableSource(p.source)).not.toMatch(/shared\/seeds|\/work\//);
    for (const inst of kb.instruments.values()) expect(readableSource(inst.source)).not.toMatch(/shared\/seeds/);
    // Nor a copy in a repository pinned to a commit: the reader gets the document it copies.
    const pinned = /[\w.-]+\/[\w.-]+:\S+@[0-9a-f]{7,}/;
    for (const p of kb.provisions.values()) expect(readableSource(p.source)).not.toMatch(pinned);
    for (const [, file] of kb.partyFiles) for (const party of file.parties) expect(readableSource(party.source)).not.toMatch(pinned);
    expect(
      readableSource(kb.partyFiles.get("untoc-2000")?.parties.find((p) => p.jurisdiction === "FR")?.source ?? { document: "x" }),
    ).toMatch(/^status page at treaties\.un\.org/);
  });
});

describe("the language of the request", () => {
  it("reads 'not recorded' where no rule is recorded (US → Russia, 2018), not 'no translation required'", () => {
    const a = ask({ from: "US", to: "RU", on: "2018-07-13", measures: ["testimony"] });
    const l = languageStatus(kb, a);
    expect(l.status).toBe("not_recorded");
    expect(l.sentence).toMatch(/^Not recorded — /);
    expect(l.sentence).toContain("Russian Federation's official language is Russian, shown as a guide only");
    expect(basisWarnings(kb, a).some((w) => w.code === "language_not_recorded")).toBe(true);
  });

  it("says no translation is required only where a provision says so (1959 Convention art. 16(1), Russia → UK 2012)", () => {
    const a = ask({ from: "RU", to: "GB", on: "2012-06-01", measures: ["records"] });
    expect(languageStatus(kb, a)).toMatchObject({
      status: "none_required",
      sentence: "No translation required (European MLA Convention (1959), Art. 16(1)).",
    });
    expect(basisWarnings(kb, a).some((w) => w.code === "language_not_recorded")).toBe(false);
  });

  it("says which languages the requested state accepts is not recorded under UNTOC art. 18(14) (Brazil → Germany 2015)", () => {
    const l = languageStatus(kb, ask({ from: "BR", to: "DE", on: "2015-03-01", measures: ["testimony"] }));
    expect(l.status).toBe("acceptable");
    expect(l.sentence).toMatch(
      /^A language acceptable to Germany \(UNTOC, Art\. 18\(14\)\); which languages Germany accepts is not recorded/,
    );
  });
});

describe("the short answer", () => {
  it("lists a ground excluded by several bases once, with all its citations (bank secrecy, US → Russia 2018)", () => {
    const a = ask({ from: "US", to: "RU", on: "2018-07-13", measures: ["testimony"] });
    expect(a.excludedGrounds.filter((g) => g.ground === "bank_secrecy").length).toBe(4);
    const groups = groupByGround(a.excludedGrounds);
    expect(groups.map((g) => g.ground)).toEqual(["bank_secrecy"]);
    // UNCAC art. 46(8), UNTOC art. 18(8), Vienna Convention art. 7(5) and the MLAT's own rule.
    expect(groups[0]?.entries.map((e) => e.cite)).toEqual([
      "US–Russia MLAT, Denial of assistance: bank secrecy",
      "UNCAC, Art. 46(8)",
      "UNTOC, Art. 18(8)",
      "Vienna Convention 1988, Art. 7(5)",
    ]);
    const s = shortAnswer(kb, a);
    expect(s.basis?.shortTitle).toBe("US–Russia MLAT");
    expect(s.obligation).toMatchObject({ kind: "obligatory" });
    expect(s.safeConduct).toBe(
      "7 days after the person's presence is no longer required, extendable to 15 (US–Russia MLAT, Safe conduct (article number not checked)).",
    );
  });

  it("calls assistance on reciprocity discretionary (Brazil → Japan, no treaty recorded)", () => {
    const s = shortAnswer(kb, brJp());
    expect(s.basis?.instrument).toBe("reciprocity");
    expect(s.obligation.kind).toBe("discretionary");
    expect(s.warnings[0]?.code).toBe("party_lists_incomplete");
  });
});
