/**
 * `rogatory exchange export|import` between two nodes that never talk (issue 13 §3, last point): each
 * on an embedded PGlite directory of its own, paired offline from identity files and fingerprints
 * with `exchange partners add --identity-file`. The US console exports the approved seed-000 request
 * to a file; the Russian console imports it (once: a second import applies nothing), and refuses a
 * copy with one byte of the PDF changed.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadyUser } from "../../test/support/accounts.js";
import { runCli } from "../../test/support/cli.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { transition } from "../cases/casework.js";
import { openDatabase } from "../db/database.js";
import { approveDraft, createDraft } from "../drafting/drafts.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { systemClock } from "../security/clock.js";

const VARIABLES = ["DATABASE_URL", "ROGATORY_DATA_DIR", "ROGATORY_NODE_KEY_PASSPHRASE", "ROGATORY_NODE_ENDPOINT"] as const;
const saved = Object.fromEntries(VARIABLES.map((k) => [k, process.env[k]]));
const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const CLIENT = { ip: null, userAgent: "test" };

interface Dir {
  dir: string;
  jurisdiction: string;
}
let work: string;
let us: Dir;
let ru: Dir;
let usReference: string;

/** Runs the CLI as one node's console. */
function on(n: Dir, args: string[]) {
  process.env.ROGATORY_DATA_DIR = n.dir;
  process.env.ROGATORY_NODE_ENDPOINT = `https://rogatory.${n.jurisdiction.toLowerCase()}.test`;
  process.env.ROGATORY_NODE_KEY_PASSPHRASE = `console passphrase of ${n.jurisdiction}`;
  return runCli(args);
}

/** A node's database with its central authority, an administrator and an officer (and a supervisor for approvals). */
async function prepare(jurisdiction: string, authority: string) {
  const dir = mkdtempSync(join(work, `${jurisdiction}-`));
  const database = await openDatabase({ dataDir: dir });
  await loadReferenceData({ db: database.db, kb, files });
  const org = await database.db
    .insertInto("organisation")
    .values({ name: authority, kind: "central_authority", jurisdiction })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ctx = { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY };
  const j = jurisdiction.toLowerCase();
  await createReadyUser(ctx, { email: `admin@${j}.test`, role: "administrator", organisationId: org.id });
  const officer = await createReadyUser(ctx, { email: `officer@${j}.test`, role: "officer", organisationId: org.id, totp: false });
  const supervisor = await createReadyUser(ctx, { email: `supervisor@${j}.test`, role: "supervisor", organisationId: org.id, totp: false });
  return {
    node: { dir, jurisdiction },
    database,
    officer: { userId: officer.id, organisationId: org.id, role: "officer" as const, label: "officer" },
    supervisor: { userId: supervisor.id, organisationId: org.id, role: "supervisor" as const, label: "supervisor" },
  };
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "rogatory-cli-packages-"));
  delete process.env.DATABASE_URL;
  const a = await prepare("US", "U.S. Department of Justice, Office of International Affairs");
  const b = await prepare("RU", "Генеральная прокуратура Российской Федерации");
  // The seed-000 request approved from its draft (the Word and PDF stored), then approved and translated.
  const drafts = { db: a.database.db, clock: systemClock, kb, files };
  const content = JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8"));
  const draft = await createDraft(drafts, a.officer, { title: "Testimony and records — Ivanov investigation", content }, CLIENT);
  const approved = await approveDraft(drafts, a.officer, draft.id, draft.version, CLIENT);
  usReference = approved.reference;
  let version = (await a.database.db.selectFrom("case_file").select("version").where("id", "=", approved.caseId).executeTakeFirstOrThrow())
    .version;
  for (const [actor, action] of [
    [a.supervisor, "approve"],
    [a.officer, "mark_translated"],
  ] as const)
    version = (await transition(drafts, actor, approved.caseId, { action, version }, CLIENT)).version;
  await a.database.close();
  await b.database.close();
  us = a.node;
  ru = b.node;
}, 240_000);

afterAll(() => {
  for (const k of VARIABLES) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(work, { recursive: true, force: true });
});

describe("rogatory exchange export|import", () => {
  it("pairs the two nodes offline, from identity files and fingerprints", async () => {
    for (const [self, other] of [
      [us, ru],
      [ru, us],
    ] as const) {
      const identity = await on(other, ["exchange", "identity", "--json"]);
      expect(identity.code, identity.err).toBe(0);
      const file = join(work, `${other.jurisdiction}.identity.json`);
      writeFileSync(file, identity.out);
      const { fingerprintGrouped } = JSON.parse(identity.out) as { fingerprintGrouped: string };
      const add = await on(self, [
        "exchange",
        "partners",
        "add",
        "--identity-file",
        file,
        "--fingerprint",
        fingerprintGrouped,
        "--as",
        `admin@${self.jurisdiction.toLowerCase()}.test`,
      ]);
      expect(add.code, add.err).toBe(0);
    }
  }, 120_000);

  it("exports the US request to a file, imports it in Russia once, and refuses an altered copy", async () => {
    const out = join(work, "Запрос US → RU.zip");
    const exported = await on(us, ["exchange", "export", usReference, "--out", out, "--as", "officer@us.test"]);
    expect(exported.code, exported.err).toBe(0);
    const bytes = readFileSync(out);
    expect(exported.out).toContain(`SHA-256 ${sha256(bytes)}`);
    expect(exported.out).toContain("the request (message 1) for Генеральная прокуратура Российской Федерации");
    // An administrator is not a case worker: refused before anything is read.
    expect((await on(ru, ["exchange", "import", out, "--as", "admin@ru.test"])).code).toBe(2);

    const imported = await on(ru, ["exchange", "import", out, "--as", "officer@ru.test"]);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(
      /^Applied the request \(message 1\) from U\.S\. Department of Justice, Office of International Affairs \(US\) to case IN-\d{4}-\d{5}\.$/,
    );
    const again = await on(ru, ["exchange", "import", out, "--as", "officer@ru.test"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("Already received the request (message 1)");

    const zip = await JSZip.loadAsync(bytes);
    const pdf = Object.keys(zip.files).find((n) => n.endsWith(".pdf")) as string;
    const content = (await zip.file(pdf)?.async("uint8array")) as Uint8Array;
    content[100] = (content[100] ?? 0) ^ 0x20;
    zip.file(pdf, content);
    const altered = join(work, "altered.zip");
    writeFileSync(altered, await zip.generateAsync({ type: "uint8array" }));
    const refused = await on(ru, ["exchange", "import", altered, "--as", "officer@ru.test"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`signature_invalid: ${pdf} is not the file that was signed`);

    // Russia holds one incoming case, awaiting registration, with the request's two documents unchanged.
    const db = await openDatabase({ dataDir: ru.dir });
    try {
      const cases = await db.db.selectFrom("case_file").select(["id", "state", "their_reference"]).execute();
      expect(cases).toEqual([expect.objectContaining({ state: "received", their_reference: usReference })]);
      const docs = await db.db
        .selectFrom("case_document")
        .select(["filename", "content"])
        .where("case_id", "=", cases[0]?.id ?? "")
        .execute();
      expect(docs).toHaveLength(2);
      const original = await JSZip.loadAsync(bytes);
      for (const d of docs)
        expect(sha256(d.content), d.filename).toBe(sha256((await original.file(d.filename)?.async("uint8array")) ?? new Uint8Array()));
    } finally {
      await db.close();
    }
  }, 180_000);
});
