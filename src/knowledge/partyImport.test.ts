/**
 * The party-table import on small tables written for the test (a few real UNTC rows each; UNTOC art. 38,
 * UNCAC art. 68, Vienna art. 29). Works in a temporary knowledge folder holding copies of the repository's
 * instrument files; nothing here reads the shared source tables.
 */
import fc from "fast-check";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { EntryIntoForceRule } from "../law/schema.js";
import { importPartyTable } from "./importTable.js";
import { KNOWLEDGE_DIR } from "./load.js";
import { addDays } from "../law/dates.js";
import { computeInForce } from "./partyImport.js";
import { TableError } from "./partyTable.js";

const HEADER = "state_iso2,state_name,signed,consent_kind,consent_date,in_force,source,notes";
const UNTC =
  '"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18 (via zmjones/untreaties:treaties/18-12.csv@003ce13)"';
// Real rows of the UNTC status of UNTOC (as scraped 2014-01-27).
const AF = `AF,Afghanistan,2000-12-14,ratification,2003-09-24,,${UNTC},`;
const AL = `AL,Albania,2000-12-12,ratification,2002-08-21,,${UNTC},`;
const BH = `BH,Bahrain,,accession,2004-06-07,,${UNTC},`;
const US = `US,United States of America,2000-12-13,ratification,2005-11-03,,${UNTC},`;
const table = (...rows: string[]) => `${HEADER}\n${rows.join("\n")}\n`;

const UNTOC_RULE: EntryIntoForceRule = {
  article: "Art. 38(2)",
  daysAfterDeposit: 30,
  summary: "thirtieth day after deposit, or the Convention's own entry into force if later",
  source: { document: "UNTOC, art. 38", article: "Art. 38(2)" },
};

/** A knowledge folder with the repository's UNTOC instrument and a parties file holding one hand-checked US record. */
function folder(usInForce = "2005-12-03"): string {
  const dir = mkdtempSync(join(tmpdir(), "rogatory-import-"));
  mkdirSync(join(dir, "instruments"));
  mkdirSync(join(dir, "parties"));
  copyFileSync(join(KNOWLEDGE_DIR, "instruments", "untoc-2000.yaml"), join(dir, "instruments", "untoc-2000.yaml"));
  writeFileSync(
    join(dir, "parties", "untoc-2000.yaml"),
    `# Parties to UNTOC (test copy).
instrument: untoc-2000
statusAsOf: null
complete: false
participantsInSource: null
entryIntoForceRule:
  article: "Art. 38(2)"
  daysAfterDeposit: 30
  summary: Thirtieth day after deposit, or the Convention's own entry into force if later.
  source: { document: "UNTOC, art. 38", article: "Art. 38(2)" }
source:
  document: "UN Treaty Collection, Chapter XVIII-12 (UNTOC), status"
parties:
  - jurisdiction: US
    signed: "2000-12-13"
    consent: { kind: ratification, date: "2005-11-03" }
    inForce: "${usInForce}"
    note: hand-checked
    source:
      document: "UN Treaty Collection, Chapter XVIII-12 (UNTOC), status"
`,
  );
  return dir;
}

const run = (dir: string, csv: string, dryRun = false) =>
  importPartyTable({ instrument: "untoc-2000", csv, csvName: "t.csv", statusAsOf: "2014-01-27", dryRun, dir });
const fileOf = (dir: string) => readFileSync(join(dir, "parties", "untoc-2000.yaml"), "utf8");

describe("computeInForce", () => {
  it("UNTOC art. 38(2): the thirtieth day after deposit (US deposited 2005-11-03 → 2005-12-03)", () => {
    expect(computeInForce(UNTOC_RULE, "2003-09-29", "2005-11-03")).toEqual({
      date: "2005-12-03",
      computed: { rule: "Art. 38(2)", basis: "deposit_plus_days", from: "2005-11-03" },
    });
  });
  it("UNTOC art. 38(1)–(2): a deposit before the Convention entered into force gives its entry into force (Albania 2002-08-21 → 2003-09-29)", () => {
    expect(computeInForce(UNTOC_RULE, "2003-09-29", "2002-08-21")).toEqual({
      date: "2003-09-29",
      computed: { rule: "Art. 38(2)", basis: "convention_entry_into_force", from: "2003-09-29" },
    });
  });
  it("Vienna 1988 art. 29(2): the ninetieth day, not the thirtieth", () => {
    expect(computeInForce({ ...UNTOC_RULE, article: "Art. 29(2)", daysAfterDeposit: 90 }, "1990-11-11", "1992-02-14").date).toBe(
      "1992-05-14",
    );
  });
  it("is always the later of deposit + days and the Convention's entry into force (any dates)", () => {
    const day = fc.integer({ min: 0, max: 20000 }).map((n) => addDays("1990-01-01", n));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 120 }), (deposit, general, days) => {
        const r = computeInForce({ ...UNTOC_RULE, daysAfterDeposit: days }, general, deposit);
        const after = addDays(deposit, days);
        expect(r.date).toBe(after > general ? after : general);
        expect(r.date >= after && r.date >= general).toBe(true);
      }),
    );
  });
});

describe("importPartyTable", () => {
  it("adds the table's parties with computed in-force dates marked, and keeps the hand-checked record", () => {
    const dir = folder();
    const r = run(dir, table(AF, AL, BH, US));
    expect(r.changes.filter((c) => c.kind === "added").map((c) => (c as { code: string }).code)).toEqual(["AF", "AL", "BH"]);
    const f = parse(fileOf(dir), { schema: "core" });
    const af = f.parties.find((p: { jurisdiction: string }) => p.jurisdiction === "AF");
    expect(af.inForce).toBe("2003-10-24");
    expect(af.inForceComputed).toEqual({ rule: "Art. 38(2)", basis: "deposit_plus_days", from: "2003-09-24" });
    expect(af.source.url).toMatch(/treaties\.un\.org/);
    expect(af.source.document).toMatch(/zmjones\/untreaties/);
    expect(af.source.asOf).toBe("2014-01-27");
    const us = f.parties.find((p: { jurisdiction: string }) => p.jurisdiction === "US");
    expect(us.note).toBe("hand-checked");
    expect(us.origin).toBeUndefined();
    expect(fileOf(dir).split("\n")[0]).toBe("# Parties to UNTOC (test copy).");
  });

  it("importing twice changes nothing: the YAML is byte-identical", () => {
    const dir = folder();
    run(dir, table(AF, AL, BH, US));
    const first = fileOf(dir);
    const again = run(dir, table(AF, AL, BH, US));
    expect(again.written).toBe(false);
    expect(fileOf(dir)).toBe(first);
    expect(again.changes.filter((c) => c.kind !== "skipped")).toEqual([]);
  });

  it("a table with one date changed produces exactly that difference", () => {
    const dir = folder();
    run(dir, table(AF, AL, BH, US));
    const r = run(dir, table(AF, AL.replace("2002-08-21", "2002-08-22"), BH, US), true);
    expect(r.changes).toEqual([{ kind: "changed", code: "AL", field: "consent.date", from: "2002-08-21", to: "2002-08-22" }]);
    expect(r.written).toBe(false);
  });

  it("reports a state absent from the table and keeps it", () => {
    const dir = folder();
    run(dir, table(AF, AL, BH, US));
    const r = run(dir, table(AF, BH, US));
    expect(r.changes).toContainEqual({ kind: "absent", code: "AL", handRecorded: false });
    expect(fileOf(dir)).toContain("jurisdiction: AL");
  });

  it("keeps both values when a hand-checked record disagrees with the table, and the decision in the data", () => {
    const dir = folder("2005-12-04");
    const r = run(dir, table(US));
    expect(r.changes).toContainEqual({
      kind: "disagreement",
      code: "US",
      field: "inForce",
      recorded: "2005-12-04",
      table: "2005-12-03",
      decided: false,
    });
    let f = parse(fileOf(dir), { schema: "core" });
    expect(f.parties[0].inForce).toBe("2005-12-04");
    expect(f.parties[0].disagreements[0]).toMatchObject({ field: "inForce", recorded: "2005-12-04", table: "2005-12-03" });
    // A reviewer decides for the table: the import applies it and keeps the disagreement visible.
    writeFileSync(
      join(dir, "parties", "untoc-2000.yaml"),
      fileOf(dir).replace(
        /(\n {8}tableSource:\n(?: {10}.*\n)+)/,
        `$1        decision: { stands: table, reason: "the hand value was a typing slip", by: reviewer, date: "2026-01-01" }\n`,
      ),
    );
    run(dir, table(US));
    f = parse(fileOf(dir), { schema: "core" });
    expect(f.parties[0].inForce).toBe("2005-12-03");
    expect(f.parties[0].disagreements[0].decision.stands).toBe("table");
    const before = fileOf(dir);
    run(dir, table(US));
    expect(fileOf(dir)).toBe(before);
  });

  it("records a signatory without consent as signed, never as a party", () => {
    const dir = folder();
    run(dir, table(`BT,Bhutan,2000-12-13,,,,${UNTC},signatory only as of source date`));
    const bt = parse(fileOf(dir), { schema: "core" }).parties.find((p: { jurisdiction: string }) => p.jurisdiction === "BT");
    expect(bt).toMatchObject({ signed: "2000-12-13", consent: null, inForce: null });
    expect(bt.inForceComputed).toBeUndefined();
  });

  it("skips the European Union with the reason and writes it into the file", () => {
    const dir = folder();
    const r = run(dir, table(`EU,European Union,2000-12-12,approval,2004-05-21,,${UNTC},`, AF));
    expect(r.changes).toContainEqual(expect.objectContaining({ kind: "skipped", name: "European Union" }));
    expect(parse(fileOf(dir), { schema: "core" }).skipped[0].reason).toMatch(/not a state/);
  });

  it.each([
    ["an unknown state name", `ZZ,Atlantis,,accession,2004-06-07,,${UNTC},`, "state_iso2"],
    ["a code that does not match the name", `BH,Bhutan,,accession,2004-06-07,,${UNTC},`, "state_name"],
    ["a date that is not a calendar date", AF.replace("2003-09-24", "2003-02-30"), "consent_date"],
    ["consent before signature", AF.replace("2003-09-24", "2000-01-01"), "consent_date"],
    ["a signature before the Convention was concluded", AF.replace("2000-12-14", "1999-12-14"), "signed"],
    ["in force before consent", `AF,Afghanistan,2000-12-14,ratification,2003-09-24,2003-01-01,${UNTC},`, "in_force"],
    ["an unknown kind of consent", AF.replace("ratification", "ratified"), "consent_kind"],
  ])("fails on %s, naming the row and the column, and writes nothing", (_, bad, column) => {
    const dir = folder();
    const before = fileOf(dir);
    let error: unknown;
    try {
      run(dir, table(AL, bad));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TableError);
    expect((error as TableError).problems[0]).toMatchObject({ row: 3, column });
    expect((error as Error).message).toContain(`row 3, column ${column}`);
    expect(fileOf(dir)).toBe(before);
  });

  it("fails on a duplicate row, naming both rows", () => {
    const dir = folder();
    expect(() => run(dir, table(AF, AL, AF))).toThrow(/row 4, column state_iso2: AF is already on row 2/);
  });
});
