/** The law API on a real database (PGlite, or PostgreSQL in CI): same JSON as the CLI, 400s that name the field. */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../../../test/support/accounts.js";
import { startTestApp, type TestApp } from "../../../test/support/app.js";
import { run } from "../../cli/main.js";
import { readKnowledgeFiles } from "../../knowledge/load.js";
import { loadReferenceData } from "../../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../law/knowledge.js";

let t: TestApp;
/** Requests as a signed-in reader of the law (an auditor: the law is open to every role). */
let inject: (opts: { url: string }) => Promise<LightMyRequestResponse>;
beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  const reader = await createReadyUser(t.ctx, { email: "reader@ca.test", role: "auditor", organisationId: orgs.central, totp: false });
  const { cookie } = await signIn(t.app, t.clock, reader);
  inject = (opts) => t.app.inject({ ...opts, headers: { cookie } });
});
afterAll(async () => {
  await t?.close();
});

describe("GET /api/v1/basis", () => {
  it("needs a signed-in user or a token", async () => {
    const res = await t.app.inject({ url: "/api/v1/basis?from=US&to=RU&on=2018-07-13" });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe("unauthenticated");
  });

  it("returns the same JSON as `rogatory basis --json`", async () => {
    const res = await inject({ url: "/api/v1/basis?from=US&to=RU&on=2018-07-13&measure=testimony&measure=records" });
    expect(res.statusCode).toBe(200);
    const out: string[] = [];
    await run(
      ["basis", "--from", "US", "--to", "RU", "--on", "2018-07-13", "--measure", "testimony", "--measure", "records", "--json"],
      (s) => out.push(s),
    );
    expect(res.json()).toEqual(JSON.parse(out.join("\n")));
  });

  it("carries `warnings` (machine code and sentence) where the data is incomplete: Brazil → Japan, 2024, no treaty recorded", async () => {
    const res = await inject({ url: "/api/v1/basis?from=BR&to=JP&on=2024-05-01&offence=other" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.bases.map((b: { instrument: string }) => b.instrument)).toEqual(["reciprocity"]);
    // knowledge/parties/untoc-2000.yaml (status 2014-01-27) and uncac-2003.yaml (2014-07-10): complete: false.
    expect(body.warnings[0]).toEqual({
      code: "party_lists_incomplete",
      message: expect.stringMatching(/^Brazil and Japan: no treaty recorded between them; .*not complete in this knowledge base/),
      instruments: expect.arrayContaining(["untoc-2000", "uncac-2003"]),
      // The sentence as a descriptor, for the screens in other languages (src/law/words.ts).
      words: expect.objectContaining({
        key: "warnings.partyListsIncomplete.reciprocity",
        params: expect.objectContaining({ from: "BR", to: "JP" }),
      }),
    });
    expect(body.warnings).toContainEqual({
      code: "language_not_recorded",
      message: expect.stringMatching(/^Language of the request: not recorded/),
      words: expect.objectContaining({ key: expect.stringMatching(/^warnings\.language\.notRecorded/) }),
    });
    const out: string[] = [];
    await run(["basis", "--from", "BR", "--to", "JP", "--on", "2024-05-01", "--offence", "other", "--json"], (s) => out.push(s));
    expect(JSON.parse(out.join("\n")).warnings).toEqual(body.warnings);
  });

  it.each([
    ["from=XX&to=RU&on=2018-07-13", "from", "unknown_jurisdiction"],
    ["from=US&to=RU&on=2018-02-30", "on", "invalid_date"],
    ["from=US&to=RU&on=2018-07-13&measure=teleport", "measure", "unknown_measure"],
    ["to=RU&on=2018-07-13", "from", "invalid_request"],
  ])("answers 400 naming the field for %s", async (qs, field, error) => {
    const res = await inject({ url: `/api/v1/basis?${qs}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error, field });
  });
});

describe("other law routes", () => {
  it("computes safe conduct and refuses an unknown basis with 400", async () => {
    const bad = await inject({ url: "/api/v1/safe-conduct?basis=nope&released=2019-03-01" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: "unknown_instrument", field: "basis" });
  });

  it("serves the law's texts one language at a time, and not inside /knowledge (issue 14 §8)", async () => {
    const ru = await inject({ url: "/api/v1/knowledge/translations/ru" });
    expect(ru.statusCode).toBe(200);
    const body = ru.json() as { language: string; status: string; texts: Record<string, string> };
    expect(body).toMatchObject({ language: "ru", status: "unreviewed" });
    // UNTOC art. 18(8), bank secrecy: its summary has a Russian translation, keyed by the English.
    const summary = buildKnowledgeBase(readKnowledgeFiles()).provisions.get("untoc-2000:art-18-8")?.summary ?? "";
    expect(body.texts[summary]).toMatch(/банковск/i);
    expect(Object.keys((await inject({ url: "/api/v1/knowledge" })).json())).not.toContain("translations");
    const bad = await inject({ url: "/api/v1/knowledge/translations/de" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: "language" });
  });

  it("serves instruments, a provision, jurisdictions, health and OpenAPI", async () => {
    expect((await inject({ url: "/api/v1/instruments" })).json().map((i: { id: string }) => i.id)).toContain("reciprocity");
    expect((await inject({ url: "/api/v1/provisions/reciprocity:comity" })).json()).toMatchObject({ kind: "measures" });
    expect((await inject({ url: "/api/v1/provisions/nope:x" })).statusCode).toBe(404);
    expect((await inject({ url: "/api/v1/jurisdictions" })).json()).toContainEqual(expect.objectContaining({ code: "HK", subState: true }));
    // Offence classifications with their sources: ICCS sections and the EU list (FD 2002/584/JHA art. 2(2)).
    const cls = (await inject({ url: "/api/v1/classifications" })).json();
    expect(Object.keys(cls.iccs.sections)).toHaveLength(11);
    expect(cls.euList.categories).toHaveLength(32);
    expect(cls.euList.source.document).toContain("2002/584/JHA");
    const health = (await inject({ url: "/api/health" })).json();
    expect(health).toMatchObject({ status: "ok", knowledge: { loadedIntoDatabase: true } });
    const spec = (await inject({ url: "/api/docs/json" })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/v1/basis", "/api/v1/safe-conduct", "/api/health"]));
  });

  it("sends security headers and never leaks a stack trace", async () => {
    const res = await inject({ url: "/api/v1/basis?from=US&to=RU&on=2018-07-13" });
    expect(res.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    const missing = await inject({ url: "/api/v1/nothing-here" });
    expect(missing.statusCode).toBe(404);
  });
});

describe("reference data in the database", () => {
  it("holds every instrument, provision and party record of the knowledge files", async () => {
    const kb = buildKnowledgeBase(readKnowledgeFiles());
    const count = async (table: "instrument" | "provision" | "jurisdiction") =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count("instrument")).toBe(kb.instruments.size);
    expect(await count("provision")).toBe(kb.provisions.size);
    expect(await count("jurisdiction")).toBeGreaterThanOrEqual(250);
  });

  it("skips an unchanged knowledge base and reloads in one transaction when forced", async () => {
    const files = readKnowledgeFiles();
    const kb = buildKnowledgeBase(files);
    expect((await loadReferenceData({ db: t.database.db, kb, files })).loaded).toBe(false);
    const steps: string[] = [];
    const forced = await loadReferenceData({ db: t.database.db, kb, files, force: true, onProgress: (p) => steps.push(p.step) });
    expect(forced.loaded).toBe(true);
    expect(steps.at(-1)).toBe("done");
  });

  it("leaves the previous data intact when a load fails midway", async () => {
    const files = readKnowledgeFiles();
    const kb = buildKnowledgeBase(files);
    const before = await t.database.db.selectFrom("provision").select("id").execute();
    // A provision pointing at a jurisdiction-less party cannot break the load; a duplicate id can.
    const broken = { ...kb, provisions: new Map([...kb.provisions, ["dup", [...kb.provisions.values()][0]!]]) };
    await expect(loadReferenceData({ db: t.database.db, kb: broken, files, force: true })).rejects.toThrow();
    const after = await t.database.db.selectFrom("provision").select("id").execute();
    expect(after.length).toBe(before.length);
  });
});
