/** The CLI as a user runs it: exit codes, messages naming the bad value, and the JSON contract. */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli as cli } from "../../test/support/cli.js";

describe("rogatory CLI", () => {
  it("prints the JSON contract for basis --json", async () => {
    const r = await cli([
      "basis",
      "--from",
      "US",
      "--to",
      "RU",
      "--on",
      "2018-07-13",
      "--measure",
      "testimony",
      "--measure",
      "records",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        "from",
        "to",
        "on",
        "bases",
        "notApplicable",
        "measures",
        "refusalGrounds",
        "excludedGrounds",
        "consultationBeforeRefusal",
        "languages",
        "safeConduct",
      ]),
    );
    expect(json.measures.map((m: { measure: string }) => m.measure)).toEqual(["testimony", "records"]);
    expect(json.bases.at(-1).instrument).toBe("reciprocity");
  });

  it("puts what the data cannot vouch for at the top: `warnings` in the JSON, first in the text (Brazil → Japan, 2024)", async () => {
    const args = ["basis", "--from", "BR", "--to", "JP", "--on", "2024-05-01", "--offence", "other"];
    const json = JSON.parse((await cli([...args, "--json"])).out);
    // knowledge/parties/untoc-2000.yaml and uncac-2003.yaml are incomplete (complete: false); no treaty recorded.
    expect(json.warnings[0]).toMatchObject({
      code: "party_lists_incomplete",
      message: expect.stringMatching(/^Brazil and Japan: no treaty recorded between them; .*27 January 2014 \(UNTOC\)/),
      instruments: expect.arrayContaining(["untoc-2000", "uncac-2003"]),
    });
    expect(json.warnings.map((w: { code: string }) => w.code)).toContain("language_not_recorded");
    const text = (await cli(args)).out.split("\n");
    expect(text[2]).toBe("Check before relying on this answer:");
    expect(text[3]).toMatch(/^ {2}! Brazil and Japan: no treaty recorded between them/);
    expect(text.findIndex((l) => l.startsWith("Bases"))).toBeGreaterThan(3);
    expect(text.find((l) => l.startsWith("Language:"))).toMatch(/^Language: Not recorded — /);
  });

  it("labels a citation whose article number was not checked and lists a ground several bases exclude once (US → Russia, 2018)", async () => {
    const out = (await cli(["basis", "--from", "US", "--to", "RU", "--on", "2018-07-13", "--measure", "testimony"])).out;
    expect(out).toContain(
      "testimony: available (the requested state must give it) — US–Russia MLAT, Scope of assistance: forms (article number not checked)",
    );
    // Bank secrecy: the MLAT, UNCAC art. 46(8), UNTOC art. 18(8), Vienna Convention art. 7(5) — one line.
    expect(out.match(/^ {2}- bank_secrecy — /gm)).toHaveLength(1);
    expect(out).toMatch(/bank_secrecy — .*UNCAC, Art\. 46\(8\); UNTOC, Art\. 18\(8\); Vienna Convention 1988, Art\. 7\(5\)/);
    expect(out).not.toMatch(/shared\/seeds/);
  });

  it.each([
    [["basis", "--from", "ZZ", "--to", "RU", "--on", "2018-07-13"], /The requesting state: "ZZ" is not a known state/],
    [["basis", "--from", "US", "--to", "RU", "--on", "13/07/2018"], /--on: "13\/07\/2018" is not a date written YYYY-MM-DD/],
    [
      ["basis", "--from", "US", "--to", "RU", "--on", "2018-07-13", "--measure", "torture"],
      /The measure: "torture" is not a measure this knowledge base knows/,
    ],
    [
      ["safe-conduct", "--basis", "no-such-treaty", "--released", "2019-03-01"],
      /The legal basis: "no-such-treaty" is not an instrument this knowledge base knows/,
    ],
  ])("exits 2 and names the bad value: %j", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe("");
  });

  it("exits 2 on a missing required option", async () => {
    expect((await cli(["basis", "--from", "US"])).code).toBe(2);
  });

  it("validates the knowledge base and prints coverage", async () => {
    const r = await cli(["knowledge", "check"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Knowledge base is valid: \d+ instruments/);
    expect(r.out).toMatch(/Parties \(with complete dates/);
  });

  it("renders a draft to Word with `draft render`, printing what is still advised", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rogatory-cli-"));
    const out = join(dir, "request.docx");
    const r = await cli([
      "draft",
      "render",
      "--input",
      "test/fixtures/draft-us-ru-2018.json",
      "--format",
      "docx",
      "--lang",
      "fr",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    expect(r.out).toContain(`${out}: ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
    expect(r.out).not.toContain("not ready");
  });

  it("`draft render` names a bad option or a bad field of the draft and exits 2", async () => {
    expect((await cli(["draft", "render", "--input", "test/fixtures/draft-us-ru-2018.json", "--format", "odt"])).err).toContain("--format");
    const dir = mkdtempSync(join(tmpdir(), "rogatory-cli-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ requesting: "US", measures: [{ measure: "teleportation" }] }));
    const r = await cli(["draft", "render", "--input", bad, "--format", "pdf"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("(input.measures.0.measure)");
  });

  it("runs as the installed `rogatory` binary", async () => {
    const exec = promisify(execFile);
    const help = await exec("node", ["bin/rogatory.mjs", "--help"]);
    expect(help.stdout).toMatch(/basis/);
    expect(help.stdout).toMatch(/safe-conduct/);
    const bad = await exec("node", ["bin/rogatory.mjs", "basis", "--from", "US", "--to", "QQ", "--on", "2018-07-13"]).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/The requested state: "QQ" is not a known state/);
  }, 30_000);
});
