/**
 * `rogatory directory export|import` at the server's console: the JSON export is signed with the node's
 * key, the CSV keeps Cyrillic, Chinese and Arabic names (UTF-8 with a byte-order mark) and defuses
 * spreadsheet formulas; an import verifies the signature, applies the file in one transaction and says
 * what changed; a tampered file is refused and nothing is written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/support/cli.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { openDatabase } from "../db/database.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { ManualClock } from "../security/clock.js";
import { createEntry } from "./directoryEditor.js";

const dir = mkdtempSync(join(tmpdir(), "rogatory-directory-cli-"));
const ENV = [
  "DATABASE_URL",
  "ROGATORY_DATA_DIR",
  "ROGATORY_NODE_KEY_PASSPHRASE",
  "ROGATORY_NODE_ENDPOINT",
  "ROGATORY_JURISDICTION",
] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const NAMES = ["Генеральная прокуратура (тест)", "司法部国际合作局（测试）", "وزارة العدل (اختبار)"];
const FIXTURE = { document: "Test fixture (not a real source)" };

async function storedNames(): Promise<string[]> {
  const d = await openDatabase({ dataDir: dir });
  try {
    return (await d.db.selectFrom("directory_entry").select("authority").orderBy("authority").execute()).map((r) => r.authority);
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  const database = await openDatabase({ dataDir: dir });
  try {
    await loadReferenceData({ db: database.db, kb, files });
    await database.db
      .insertInto("organisation")
      .values({ name: "Central Authority (CLI test)", kind: "central_authority", jurisdiction: "GB" })
      .execute();
    const ctx = { db: database.db, clock: new ManualClock(new Date()), settings: DEFAULT_SECURITY, kb };
    const who = { userId: null, label: "test" };
    for (const [i, authority] of NAMES.entries())
      await createEntry(
        ctx,
        who,
        {
          jurisdiction: ["RU", "CN", "EG"][i] as string,
          authority,
          role: "central",
          source: FIXTURE,
          lastChecked: "2026-11-30",
          instruments: [{ instrument: "untoc-2000", source: FIXTURE }],
          channels: [],
          languages: [],
          // A value a spreadsheet would take for a formula.
          ...(i === 0 ? { urgent: { contact: '=HYPERLINK("x")', source: FIXTURE } } : {}),
        },
        null,
      );
  } finally {
    await database.close();
  }
  delete process.env.DATABASE_URL;
  delete process.env.ROGATORY_JURISDICTION;
  process.env.ROGATORY_DATA_DIR = dir;
  process.env.ROGATORY_NODE_KEY_PASSPHRASE = "directory cli test passphrase";
  process.env.ROGATORY_NODE_ENDPOINT = "https://gb.cli.test";
});

afterAll(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("rogatory directory export and import", () => {
  const json = join(dir, "directory.json");

  it("exports CSV that keeps non-ASCII names and defuses formulas", async () => {
    const out = join(dir, "directory.csv");
    const r = await runCli(["directory", "export", "--format", "csv", "--out", out]);
    expect(r.code, r.err).toBe(0);
    const csv = readFileSync(out, "utf8");
    expect(csv.startsWith("\uFEFFjurisdiction,state,authority")).toBe(true);
    for (const name of NAMES) expect(csv).toContain(name);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    // The knowledge base's designations are there too, with their source (ETS 30 art. 15(6) for Russia).
    expect(csv).toContain("Ministry of Justice or Prosecutor-General's Office of the Russian Federation");
  });

  it("refuses an unknown format (exit 2 naming the option)", async () => {
    const r = await runCli(["directory", "export", "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--format");
  });

  it("exports JSON signed with this node's key, and imports it back after the entries were deleted: the round trip keeps every name", async () => {
    const r = await runCli(["directory", "export", "--format", "json", "--out", json]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/signed by Central Authority \(CLI test\) \(GB\)/);
    const file = JSON.parse(readFileSync(json, "utf8")) as { format: string; jws: string };
    expect(file.format).toBe("rogatory-directory+jws");
    const d = await openDatabase({ dataDir: dir });
    await d.db.deleteFrom("directory_entry").execute();
    await d.close();
    expect(await storedNames()).toEqual([]);
    const imp = await runCli(["directory", "import", json]);
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toContain("3 added, 0 updated, 0 unchanged");
    for (const name of NAMES) expect(imp.out).toContain(name);
    expect(await storedNames()).toEqual([...NAMES].sort());
    const again = await runCli(["directory", "import", json]);
    expect(again.out).toContain("0 added, 0 updated, 3 unchanged");
  });

  it("refuses a tampered file (exit 2, signature refused) and writes nothing", async () => {
    const file = JSON.parse(readFileSync(json, "utf8")) as { format: string; jws: string };
    const [h, p, s] = file.jws.split(".");
    const doc = JSON.parse(Buffer.from(p ?? "", "base64url").toString("utf8"));
    const mine = doc.entries.find((e: { authority: string }) => e.authority === NAMES[0]);
    mine.authority = "Подменённое ведомство";
    const tampered = join(dir, "tampered.json");
    writeFileSync(tampered, JSON.stringify({ ...file, jws: [h, Buffer.from(JSON.stringify(doc)).toString("base64url"), s].join(".") }));
    const before = await storedNames();
    const r = await runCli(["directory", "import", tampered]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("signature_refused");
    expect(await storedNames()).toEqual(before);
  });
});
