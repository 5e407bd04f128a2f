/**
 * The backup drill, on embedded PGlite and (when DATABASE_URL names a server) on PostgreSQL: cases,
 * documents with Cyrillic, Arabic and Chinese names, and audit events → `rogatory backup` (on PGlite
 * through the running server's control socket) → `rogatory restore` into an empty target → the chain,
 * every document and the counts verified. Then refusals: a non-empty target, a damaged file, and
 * backups tampered with (a document byte, an audit row) that restore must reject naming the fault.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli as cli } from "../../test/support/cli.js";
import { createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { verifyChain } from "../audit/trail.js";
import { addStreamedDocument, readBlob } from "../cases/documentContent.js";
import { addDocument } from "../cases/evidence.js";
import { createCase } from "../cases/commands/open-case.js";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { LATEST_MIGRATION, type OpenDatabase, migrate, openDatabase, pendingMigrations } from "../db/database.js";
import { PGliteDialect } from "../db/pglite-dialect.js";
import type { Database } from "../db/schema.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { ManualClock } from "../security/clock.js";
import { startControlSocket } from "./controlSocket.js";
import { backupHeader, readBackupHeader } from "./backupFile.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
const client = { ip: "192.0.2.10", userAgent: "test" };
/** 9 MB of bytes that are not all alike: two chunks of stored content. */
const LARGE = Buffer.from(Array.from({ length: 9_000_000 }, (_, i) => (i * 7919) % 251));
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

const DOCUMENTS = [
  { filename: "Запрос о правовой помощи.pdf", text: "запрос" },
  { filename: "طلب المساعدة القانونية.pdf", text: "طلب" },
  { filename: "司法协助请求书.pdf", text: "请求" },
  { filename: "plain request.txt", text: "plain" },
];

/** Cases with documents and their audit events, through the real domain functions. */
async function seed(database: OpenDatabase): Promise<void> {
  await loadReferenceData({ db: database.db, kb, files });
  const ctx = { db: database.db, clock, settings: DEFAULT_SECURITY, kb, files };
  const orgs = await createOrganisations(ctx);
  const u = await createReadyUser(ctx, { email: "officer@backup.test", role: "officer", organisationId: orgs.central });
  const actor = { userId: u.id, organisationId: u.organisationId, role: u.role, label: u.email };
  for (let i = 0; i < 3; i++) {
    const c = await createCase(
      ctx,
      actor,
      {
        direction: "incoming",
        title: `Запрос ${i}`,
        requesting: "RU",
        requested: "GB",
        confidentiality: "confidential",
        requestDate: "2026-02-20",
      },
      client,
    );
    let version = c.version;
    for (const d of DOCUMENTS)
      ({ caseVersion: version } = await addDocument(
        ctx,
        actor,
        c.id,
        {
          version,
          kind: "request",
          filename: d.filename,
          contentType: "application/pdf",
          contentBase64: Buffer.from(`UNIQUE-DOC-${i}-${d.text}-${"x".repeat(40)}`).toString("base64"),
        },
        client,
      ));
  }
}

/** Sets the environment the CLI reads for one target (PGlite directory, or a PostgreSQL URL). */
function useTarget(t: { dataDir?: string; url?: string }) {
  if (t.url) process.env.DATABASE_URL = t.url;
  else delete process.env.DATABASE_URL;
  if (t.dataDir) process.env.ROGATORY_DATA_DIR = t.dataDir;
  else delete process.env.ROGATORY_DATA_DIR;
}

async function countsOf(database: OpenDatabase) {
  const r = await sql<{ cases: number; documents: number; events: number; names: string }>`
    select (select count(*) from case_file)::int as cases, (select count(*) from case_document)::int as documents,
           (select count(*) from audit_event)::int as events, (select string_agg(filename, '|' order by filename) from case_document) as names`.execute(
    database.db,
  );
  return r.rows[0];
}

const originalUrl = process.env.DATABASE_URL;
const originalDir = process.env.ROGATORY_DATA_DIR;
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "rogatory-backup-test-"));
});
afterAll(() => {
  useTarget({ url: originalUrl, dataDir: originalDir });
  rmSync(work, { recursive: true, force: true });
});

// The PGlite drill runs in the PGlite pass of the database tests; the PostgreSQL pass runs the other.
describe.skipIf(originalUrl)("backup and restore on embedded PGlite", () => {
  let source: string;
  let database: OpenDatabase;
  let control: Server;
  let expected: Awaited<ReturnType<typeof countsOf>>;
  const file = () => join(work, "pglite.backup");

  beforeAll(async () => {
    source = join(work, "source");
    database = await openDatabase({ dataDir: source });
    await seed(database);
    // A large document: on a data directory its chunks' bytes are files beside the database
    // (src/db/chunkFiles.ts), which the backup must carry.
    const c = await database.db.selectFrom("case_file").select(["id", "version"]).orderBy("reference").executeTakeFirstOrThrow();
    const officer = await database.db.selectFrom("app_user").select(["id", "organisation_id", "role", "email"]).executeTakeFirstOrThrow();
    await addStreamedDocument(
      { db: database.db, clock, kb, files },
      { userId: officer.id, organisationId: officer.organisation_id, role: officer.role as "officer", label: officer.email },
      c.id,
      { version: c.version, kind: "evidence", filename: "Выписка по счёту.bin", contentType: "application/octet-stream" },
      (async function* () {
        yield LARGE.subarray(0, 5_000_000);
        yield LARGE.subarray(5_000_000);
      })(),
      client,
    );
    expect(readdirSync(join(source, "blobs")).length).toBe(1);
    expected = await countsOf(database);
    control = await startControlSocket(source, database);
  });
  afterAll(async () => {
    control?.close();
    await database?.close();
  });

  it("backs up through the running server, with the audit chain's head in the manifest", async () => {
    useTarget({ dataDir: source });
    const r = await cli(["backup", "--out", file()]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("taken by the running server");
    const manifest = JSON.parse(readFileSync(file()).toString("utf8").split("\n")[1] as string);
    const chain = await verifyChain(database.db);
    expect(chain.ok).toBe(true);
    expect(manifest.audit).toEqual({ events: expected?.events, seq: expected?.events, hash: chain.ok ? chain.lastHash : "" });
    expect(manifest.counts).toEqual({ cases: 3, documents: 13 });
    // The large document's two chunk files follow the data directory, which the payload begins with.
    expect(manifest.payload.chunkFiles).toBe(2);
    expect(manifest.payload.bytes - manifest.payload.datadirBytes).toBeGreaterThan(LARGE.length);
    // A second backup never overwrites the first.
    const again = await cli(["backup", "--out", file()]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("already exists");
  });

  it("with the server stopped, backs up a database of an older schema as it is, without migrating it", async () => {
    const old = join(work, "old-schema");
    mkdirSync(old);
    const lite = await PGlite.create(join(old, "pglite"));
    const db = new Kysely<Database>({ dialect: new PGliteDialect(lite) });
    await migrate(db, "0005_drafts");
    await db.destroy();
    useTarget({ dataDir: old });
    const out = join(work, "old-schema.backup");
    const r = await cli(["backup", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("with the server stopped");
    expect(JSON.parse(readFileSync(out).toString("utf8").split("\n")[1] as string).schema).toBe("0005_drafts");
    const again = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create(join(old, "pglite"))) });
    expect(await pendingMigrations(again)).toContain(LATEST_MIGRATION);
    await again.destroy();
  });

  it("a second server refuses to open a data directory a server already runs on", async () => {
    await expect(startControlSocket(source, database)).rejects.toThrow(/another Rogatory server is already running/);
  });

  it("other console commands refuse a data directory a server runs on, instead of opening it beside the server", async () => {
    useTarget({ dataDir: source });
    const before = await countsOf(database);
    for (const args of [
      ["audit", "verify"],
      ["users", "reset", "--email", "nobody@ca.test"],
      ["case", "list", "--as", "officer@ca.test"],
      ["case", "transition", "NO-SUCH-CASE", "register", "--as", "officer@ca.test"],
      ["case", "export", "NO-SUCH-CASE", "--as", "officer@ca.test"],
      ["digest", "--dry-run"],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err).toMatch(/a Rogatory server is running on .*stop the server first/);
    }
    expect(await countsOf(database)).toEqual(before);
  });

  it("restores into an empty data directory and verifies the chain and every document", async () => {
    const target = join(work, "restored");
    useTarget({ dataDir: target });
    const r = await cli(["restore", file()]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("13 documents (each SHA-256 verified)");
    const restored = await openDatabase({ dataDir: target });
    expect(await countsOf(restored)).toEqual(expected);
    expect((await verifyChain(restored.db)).ok).toBe(true);
    // The large document came back as chunk files, byte for byte.
    const large = await restored.db
      .selectFrom("case_document")
      .select("blob_id")
      .where("filename", "=", "Выписка по счёту.bin")
      .executeTakeFirstOrThrow();
    const back = [];
    for await (const part of readBlob(restored.db, large.blob_id as string, { size: LARGE.length, sha256: sha256(LARGE) })) back.push(part);
    expect(Buffer.concat(back).equals(LARGE)).toBe(true);
    expect(readdirSync(join(target, "blobs", large.blob_id as string)).sort()).toEqual(["0", "1"]);
    await restored.close();
    // The same target is now not empty: a second restore is refused and changes nothing.
    const refused = await cli(["restore", file()]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not empty/);
    const still = await openDatabase({ dataDir: target });
    expect(await countsOf(still)).toEqual(expected);
    await still.close();
  });

  it("refuses a damaged file by its checksum before restoring anything", async () => {
    const bytes = readFileSync(file());
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    writeFileSync(join(work, "damaged.backup"), bytes);
    useTarget({ dataDir: join(work, "damaged-target") });
    const r = await cli(["restore", join(work, "damaged.backup")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("does not match the SHA-256 in its manifest");
  });

  it("rejects a backup whose document was altered, naming the document (and keeps nothing)", async () => {
    const tamperedDir = join(work, "tamper-doc");
    useTarget({ dataDir: tamperedDir });
    expect((await cli(["restore", file()])).code).toBe(0);
    const d = await openDatabase({ dataDir: tamperedDir });
    // One byte of one document changes; its recorded hash does not.
    await sql`update case_document set content = overlay(content placing '\\x58'::bytea from 12 for 1) where filename = ${DOCUMENTS[2]?.filename} and convert_from(content, 'UTF8') like 'UNIQUE-DOC-1-%'`.execute(
      d.db,
    );
    await d.close();
    const out = join(work, "tampered-doc.backup");
    expect((await cli(["backup", "--out", out])).code).toBe(0);
    const target = join(work, "tamper-doc-target");
    useTarget({ dataDir: target });
    const r = await cli(["restore", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`("${DOCUMENTS[2]?.filename}")`);
    expect(r.err).toContain("does not match its recorded SHA-256");
    expect(r.err).toContain("nothing was kept");
    // Nothing was kept: the directory can take a good restore.
    expect((await cli(["restore", file()])).code).toBe(0);
  });

  it("refuses to back up a large document whose chunk file was altered on disk, naming it (and writes no file)", async () => {
    const tamperedDir = join(work, "tamper-chunk");
    useTarget({ dataDir: tamperedDir });
    expect((await cli(["restore", file()])).code).toBe(0);
    const [blob] = readdirSync(join(tamperedDir, "blobs"));
    const chunk = join(tamperedDir, "blobs", blob as string, "1");
    const bytes = readFileSync(chunk);
    bytes[7] = (bytes[7] ?? 0) ^ 0xff;
    writeFileSync(chunk, bytes);
    const out = join(work, "tampered-chunk.backup");
    const r = await cli(["backup", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`chunk 1 of stored document content ${blob} is altered`);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects a backup whose large document's chunk was altered inside the file, checksum and all, naming the document", async () => {
    // Whoever can rewrite the file can recompute the payload's SHA-256 in its manifest: the restore
    // still checks each chunk against its row and each document against its SHA-256.
    const { manifest, offset } = readBackupHeader(file());
    const bytes = readFileSync(file());
    const payload = Buffer.from(bytes.subarray(offset));
    const chunksAt = manifest.payload.datadirBytes as number;
    const heading = payload.indexOf(0x0a, chunksAt);
    expect(payload.subarray(chunksAt, heading).toString("utf8")).toMatch(/^[0-9a-f-]{36} \d+ \d+$/);
    payload[heading + 100] = (payload[heading + 100] ?? 0) ^ 0xff;
    const forged = { ...manifest, payload: { ...manifest.payload, sha256: sha256(payload) } };
    const out = join(work, "forged-chunk.backup");
    writeFileSync(out, Buffer.concat([backupHeader(forged), payload]));
    useTarget({ dataDir: join(work, "forged-chunk-target") });
    const r = await cli(["restore", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('("Выписка по счёту.bin")');
    expect(r.err).toContain("no longer matches its SHA-256");
    expect(r.err).toContain("nothing was kept");
  });

  it("rejects a backup whose audit row was altered, naming the event", async () => {
    const tamperedDir = join(work, "tamper-audit");
    useTarget({ dataDir: tamperedDir });
    expect((await cli(["restore", file()])).code).toBe(0);
    const d = await openDatabase({ dataDir: tamperedDir });
    // The append-only trigger must be bypassed to alter a row: what someone with the files could do.
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(d.db);
    await sql`update audit_event set ip = '203.0.113.66' where seq = 5`.execute(d.db);
    await d.close();
    const out = join(work, "tampered-audit.backup");
    expect((await cli(["backup", "--out", out])).code).toBe(0);
    useTarget({ dataDir: join(work, "tamper-audit-target") });
    const r = await cli(["restore", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("the audit chain is broken at event 5");
  });
});

/** A fresh database of our own on the PostgreSQL server of DATABASE_URL (others share its `test`). */
async function createDatabase(server: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(server: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

describe.skipIf(!originalUrl)("backup and restore on PostgreSQL (pg_dump -Fc / pg_restore)", () => {
  const suffix = createHash("sha256").update(`${process.pid}-${Date.now()}`).digest("hex").slice(0, 8);
  const names = ["src", "restore", "tampered", "tamper_target"].map((n) => `rogatory_${n}_${suffix}`);
  const urls: Record<string, string> = {};
  let expected: Awaited<ReturnType<typeof countsOf>>;
  const file = () => join(work, "pg.backup");

  beforeAll(async () => {
    for (const n of names) urls[n] = await createDatabase(originalUrl as string, n);
    const database = await openDatabase({ url: urls[names[0] as string] });
    await seed(database);
    expected = await countsOf(database);
    await database.close();
  });
  afterAll(async () => {
    for (const n of names) await dropDatabase(originalUrl as string, n);
  });

  it("backs up with pg_dump on one snapshot and restores into an empty database, verified", async () => {
    useTarget({ url: urls[names[0] as string] });
    const b = await cli(["backup", "--out", file()]);
    expect(b.err).toBe("");
    expect(b.out).toContain("pg_dump -Fc");
    useTarget({ url: urls[names[1] as string] });
    // pg_restore's items are many enough (> 100) for the progress bar on stderr.
    const drawn: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      drawn.push(String(chunk));
      return true;
    });
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      r = await cli(["restore", file()]);
    } finally {
      spy.mockRestore();
    }
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(drawn.join("")).toMatch(/\[#{30}\] restoring (\d+)\/\1/);
    const restored = await openDatabase({ url: urls[names[1] as string] });
    expect(await countsOf(restored)).toEqual(expected);
    expect((await verifyChain(restored.db)).ok).toBe(true);
    await restored.close();
    const refused = await cli(["restore", file()]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/target database is not empty/);
  });

  it("rejects a backup with an altered document or audit row, naming it, and leaves the target empty", async () => {
    useTarget({ url: urls[names[2] as string] });
    expect((await cli(["restore", file()])).code).toBe(0);
    const d = await openDatabase({ url: urls[names[2] as string] });
    await sql`update case_document set content = overlay(content placing '\\x58'::bytea from 12 for 1) where filename = ${DOCUMENTS[0]?.filename} and convert_from(content, 'UTF8') like 'UNIQUE-DOC-0-%'`.execute(
      d.db,
    );
    await d.close();
    const out = join(work, "pg-tampered.backup");
    expect((await cli(["backup", "--out", out])).code).toBe(0);
    useTarget({ url: urls[names[3] as string] });
    const r = await cli(["restore", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`("${DOCUMENTS[0]?.filename}")`);
    // Emptied again: a good backup restores into it.
    expect((await cli(["restore", file()])).code).toBe(0);

    // An altered audit row in the source of a backup.
    await dropDatabase(originalUrl as string, names[3] as string);
    urls[names[3] as string] = await createDatabase(originalUrl as string, names[3] as string);
    const a = await openDatabase({ url: urls[names[2] as string] });
    await sql`update case_document set content = overlay(content placing '\\x30'::bytea from 12 for 1) where convert_from(content, 'UTF8') like 'UNIQUE-DOC-X-%'`.execute(
      a.db,
    );
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(a.db);
    await sql`update audit_event set action = 'case.read' where seq = 7`.execute(a.db);
    await a.close();
    const out2 = join(work, "pg-tampered-audit.backup");
    useTarget({ url: urls[names[2] as string] });
    expect((await cli(["backup", "--out", out2])).code).toBe(0);
    useTarget({ url: urls[names[3] as string] });
    const r2 = await cli(["restore", out2]);
    expect(r2.code).toBe(1);
    expect(r2.err).toContain("the audit chain is broken at event 7");
  });
});
