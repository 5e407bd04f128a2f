/** `rogatory knowledge import` and `knowledge check` as a maintainer runs them: exit codes, the difference, messages naming row and column. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as cli } from "../../test/support/cli.js";
import { KNOWLEDGE_DIR } from "../knowledge/load.js";

const UNTC =
  '"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18 (via zmjones/untreaties:treaties/18-12.csv@003ce13)"';
const HEADER = "state_iso2,state_name,signed,consent_kind,consent_date,in_force,source,notes";

/** A knowledge folder with the repository's UNTOC files, and a table file of real UNTC rows. */
function setup(rows: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "rogatory-cli-import-"));
  mkdirSync(join(dir, "instruments"));
  mkdirSync(join(dir, "parties"));
  copyFileSync(join(KNOWLEDGE_DIR, "instruments", "untoc-2000.yaml"), join(dir, "instruments", "untoc-2000.yaml"));
  copyFileSync(join(KNOWLEDGE_DIR, "parties", "untoc-2000.yaml"), join(dir, "parties", "untoc-2000.yaml"));
  const csv = join(dir, "table.csv");
  writeFileSync(csv, `${HEADER}\n${rows.join("\n")}\n`);
  return { dir, csv, file: join(dir, "parties", "untoc-2000.yaml") };
}

describe("rogatory knowledge import", () => {
  it("--dry-run prints the difference and writes nothing", async () => {
    // Afghanistan's row with its deposit moved by a day: exactly one change.
    const { dir, csv, file } = setup([`AF,Afghanistan,2000-12-14,ratification,2003-09-25,,${UNTC},`]);
    const before = readFileSync(file, "utf8");
    const r = await cli([
      "knowledge",
      "import",
      "--instrument",
      "untoc-2000",
      "--csv",
      csv,
      "--status-as-of",
      "2014-01-27",
      "--dry-run",
      "--knowledge-dir",
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("~ AF consent.date: 2003-09-24 → 2003-09-25");
    expect(r.out).toContain("~ AF inForce: 2003-10-24 → 2003-10-25");
    expect(r.out).toMatch(/- AL: not in the table \(kept\)/);
    expect(r.out).toContain("Dry run");
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("writes the file without --dry-run, and a second run changes nothing", async () => {
    const { dir, csv, file } = setup([`AF,Afghanistan,2000-12-14,ratification,2003-09-25,,${UNTC},`]);
    const args = [
      "knowledge",
      "import",
      "--instrument",
      "untoc-2000",
      "--csv",
      csv,
      "--status-as-of",
      "2014-01-27",
      "--knowledge-dir",
      dir,
    ];
    expect((await cli(args)).code).toBe(0);
    const once = readFileSync(file, "utf8");
    expect(once).toContain('consent: { kind: ratification, date: "2003-09-25" }');
    const again = await cli(args);
    expect(again.out).toContain("unchanged");
    expect(readFileSync(file, "utf8")).toBe(once);
  });

  it("exits 2 on a bad row, naming the row and the column, and writes nothing", async () => {
    const { dir, csv, file } = setup([
      `AF,Afghanistan,2000-12-14,ratification,2003-09-24,,${UNTC},`,
      `BH,Bhutan,,accession,2004-06-07,,${UNTC},`,
    ]);
    const before = readFileSync(file, "utf8");
    const r = await cli(["knowledge", "import", "--instrument", "untoc-2000", "--csv", csv, "--knowledge-dir", dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/row 3, column state_name: "Bhutan" is BT, but state_iso2 says BH/);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it.each([
    [["--instrument", "untoc-2000", "--status-as-of", "2014-02-30"], /--status-as-of: "2014-02-30" is not a calendar date/],
    [["--instrument", "no-such-treaty"], /instrument: "no-such-treaty" has no file/],
    [[], /exactly one of --instrument and --bilateral/],
  ])("exits 2 on bad options %j", async (extra, message) => {
    const { dir, csv } = setup([`AF,Afghanistan,2000-12-14,ratification,2003-09-24,,${UNTC},`]);
    const r = await cli(["knowledge", "import", "--csv", csv, "--knowledge-dir", dir, ...extra]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe("rogatory knowledge check", () => {
  it("prints per instrument the parties recorded, stated and computed, the status date, and the disagreements", async () => {
    const r = await cli(["knowledge", "check"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /untoc-2000\s+\d+:\s+\d+ stated \/\s+\d+ computed \/\s+\d+ signed only \/\s+\d+ unknown; \d+ flags — status as of 2014-01-27/,
    );
    expect(r.out).toMatch(/skipped European Union: .*not a state/);
    expect(r.out).toMatch(/cets-030 NL inForce: recorded 1969-12-12 \[.*\] vs table 1969-05-15 \[.*\]\n\s+NEEDS REVIEW/);
    expect(r.out).toMatch(/bilateral list us \(US\): \d+ treaties recorded/);
  });
});
