/**
 * `rogatory exchange …` in-process on an embedded PGlite data directory of its own (issue 13 §1): off
 * without a passphrase, the identity and its fingerprint, rotation with activation, revocation, and
 * partners (an unreachable endpoint is refused with its reason).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadyUser } from "../../test/support/accounts.js";
import { runCli } from "../../test/support/cli.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { openDatabase } from "../db/database.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { systemClock } from "../security/clock.js";

const VARIABLES = ["DATABASE_URL", "ROGATORY_DATA_DIR", "ROGATORY_NODE_KEY_PASSPHRASE", "ROGATORY_NODE_ENDPOINT"] as const;
const saved = Object.fromEntries(VARIABLES.map((k) => [k, process.env[k]]));
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rogatory-cli-exchange-"));
  // Embedded PGlite whatever the suite runs on: the commands' SQL is the same on both.
  delete process.env.DATABASE_URL;
  process.env.ROGATORY_DATA_DIR = dir;
  process.env.ROGATORY_NODE_ENDPOINT = "https://rogatory.oia.test";
  const database = await openDatabase({ dataDir: dir });
  const files = readKnowledgeFiles();
  await loadReferenceData({ db: database.db, kb: buildKnowledgeBase(files), files });
  const org = await database.db
    .insertInto("organisation")
    .values({ name: "Office of International Affairs", kind: "central_authority", jurisdiction: "US" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ctx = { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY };
  await createReadyUser(ctx, { email: "admin@oia.test", role: "administrator", organisationId: org.id });
  await createReadyUser(ctx, { email: "officer@oia.test", role: "officer", organisationId: org.id });
  await database.close();
}, 120_000);

afterAll(() => {
  for (const k of VARIABLES) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The fingerprint of the current signing key, from `identity --json`. */
async function currentFingerprint(): Promise<string> {
  const r = await runCli(["exchange", "identity", "--json"]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { fingerprint: string }).fingerprint;
}

describe("rogatory exchange", () => {
  it("says the exchange is off, and how to turn it on, without a passphrase", async () => {
    delete process.env.ROGATORY_NODE_KEY_PASSPHRASE;
    const r = await runCli(["exchange", "identity"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/exchange is off.*ROGATORY_NODE_KEY_PASSPHRASE/);
  });

  it("creates the keys on first use and prints the authority, endpoint and grouped fingerprint", async () => {
    process.env.ROGATORY_NODE_KEY_PASSPHRASE = "a console passphrase for the test";
    const r = await runCli(["exchange", "identity"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Office of International Affairs (US) at https://rogatory.oia.test");
    const fingerprint = await currentFingerprint();
    expect(r.out).toContain((fingerprint.match(/.{1,4}/g) ?? []).join(" "));
    expect(r.out).toMatch(/signing {4}current/);
    expect(r.out).toMatch(/encryption current/);
  }, 60_000);

  it("rotates: a next pair is published, a second rotate is refused, activation makes it current", async () => {
    const before = await currentFingerprint();
    const r = await runCli(["exchange", "rotate"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/signing {4}next/);
    const again = await runCli(["exchange", "rotate"]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("next_key_exists");
    expect(await currentFingerprint()).toBe(before);
    const bad = await runCli(["exchange", "rotate", "--activate", "--overlap-days", "-1"]);
    expect(bad.code).toBe(2);
    const act = await runCli(["exchange", "rotate", "--activate", "--overlap-days", "3"]);
    expect(act.code).toBe(0);
    expect(act.out).toContain("accepted for 3 more day(s)");
    expect(act.out).toMatch(/signing {4}retired/);
    expect(await currentFingerprint()).not.toBe(before);
  }, 60_000);

  it("revokes the current signing key: a new one becomes current and partners must compare it again", async () => {
    const before = await currentFingerprint();
    const r = await runCli(["exchange", "revoke", before]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Revoked: +signing {4}revoked/);
    expect(r.out).toContain("must compare this fingerprint again");
    const after = await currentFingerprint();
    expect(after).not.toBe(before);
    expect((await runCli(["exchange", "revoke", before])).err).toContain("already_revoked");
    // A fingerprint beginning with "-" (one in 64) is the key's id, not an unknown option; one given
    // in groups as shown is read whole.
    const dashed = await runCli(["exchange", "revoke", `-${"A".repeat(42)}`]);
    expect(dashed.err).not.toContain("unknown option");
    expect(dashed.err).toContain("This node has no key -AAAA");
    const grouped = await runCli(["exchange", "revoke", ...(before.match(/.{1,11}/g) as string[])]);
    expect(grouped.err).toContain("already_revoked");
  }, 60_000);

  it("lists no partners, refuses a non-administrator and an unreachable partner with its reason", async () => {
    expect((await runCli(["exchange", "partners"])).out).toContain("No partners yet");
    const fingerprint = "q2Lw8Hc0q2Lw8Hc0q2Lw8Hc0q2Lw8Hc0q2Lw8Hc0q2L";
    const officer = await runCli([
      "exchange",
      "partners",
      "add",
      "--endpoint",
      "http://127.0.0.1:9",
      "--fingerprint",
      fingerprint,
      "--as",
      "officer@oia.test",
    ]);
    expect(officer.code).toBe(2);
    expect(officer.err).toContain("not an administrator");
    const r = await runCli([
      "exchange",
      "partners",
      "add",
      "--endpoint",
      "http://127.0.0.1:9",
      "--fingerprint",
      fingerprint,
      "--as",
      "admin@oia.test",
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("partner_unreachable");
    expect((await runCli(["exchange", "partners", "list", "--json"])).out).toBe("[]");
  }, 60_000);
});
