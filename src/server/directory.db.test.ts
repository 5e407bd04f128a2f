/**
 * The directory of central authorities over HTTP (issue 16 §1): public by default, with nothing else of
 * the workbench opened; 404 for anonymous callers when ROGATORY_PUBLIC_DIRECTORY=false; administrators'
 * writes versioned (409 when stale), validated (400 naming the field, nothing written) and audited; a
 * signed import verified (a tampered file is refused, nothing written).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, type Browser, signedInUser } from "../../test/support/accounts.js";
import { startTestApp, TEST_NODE_PASSPHRASE, type TestApp } from "../../test/support/app.js";
import type { DirectoryEntry } from "../directory/entries.js";
import { exportDirectory, signExport } from "../directory/transfer.js";
import { startExchange } from "../exchange/runtime.js";

type Answer = { entries: (DirectoryEntry & { openNow: boolean | null })[] };

const ENTRY = {
  jurisdiction: "FR",
  authority: "Ministère de la Justice, Bureau de l'entraide pénale internationale",
  role: "central",
  source: { document: "Test fixture (not a real source)", article: "n/a" },
  lastChecked: "2026-11-30",
  instruments: [{ instrument: "untoc-2000", source: { document: "Test fixture (not a real source)" } }],
  languages: [{ instrument: "untoc-2000", languages: ["fr"], source: { document: "Test fixture (not a real source)" } }],
  hours: { zone: "Europe/Paris", days: [1, 2, 3, 4, 5], opens: "09:00", closes: "17:00", source: { document: "Test fixture" } },
};

async function auditCount(t: TestApp, action: string) {
  const r = await t.ctx.db
    .selectFrom("audit_event")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("action", "=", action)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe("the directory, public (the default)", () => {
  let t: TestApp;
  let admin: Browser;
  let officer: Browser;
  const endpoint = "https://gb.directory.test";
  beforeAll(async () => {
    t = await startTestApp({ exchangeEndpoint: endpoint });
    const orgs = await createOrganisations(t.ctx);
    admin = await signedInUser(t, { email: "admin@dir.test", role: "administrator", organisationId: orgs.central });
    officer = await signedInUser(t, { email: "officer@dir.test", role: "officer", organisationId: orgs.central });
  });
  afterAll(async () => t?.close());

  const write = (b: Browser, method: "POST" | "PUT" | "DELETE", url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: b.cookie, "x-csrf-token": b.csrf }, ...(payload ? { payload } : {}) });

  it("answers without sign-in, each entry with its source: Russia's designation under the 1959 Convention (ETS 30 art. 15(6)) with the language it declared (art. 16(2))", async () => {
    const r = await t.app.inject({ url: "/api/v1/directory?jurisdiction=RU&instrument=cets-030", remoteAddress: "203.0.113.1" });
    expect(r.statusCode).toBe(200);
    expect(r.cookies).toEqual([]);
    const { entries } = r.json() as Answer;
    const ru = entries.find((e) => e.id === "kb:cets-030:ru-art-15-authorities");
    expect(ru).toMatchObject({
      origin: "knowledge",
      jurisdiction: "RU",
      authority: "Ministry of Justice or Prosecutor-General's Office of the Russian Federation",
      source: { article: "Art. 15(6)" },
    });
    expect(ru?.source.document).toMatch(/Council of Europe/);
    expect(ru?.languages).toEqual([
      expect.objectContaining({ instrument: "cets-030", languages: ["ru"], recordedIn: "cets-030:ru-art-16-language" }),
    ]);
    for (const e of entries) expect(e.source.document.length).toBeGreaterThan(2);
  });

  it("finds the central authorities notified under UNTOC art. 18(13) and UNCAC art. 46(13), with the languages of paragraph 14 (UNTC declarations)", async () => {
    const india = (await t.app.inject({ url: "/api/v1/directory?jurisdiction=IN&instrument=untoc-2000" })).json() as Answer;
    expect(india.entries).toEqual([
      expect.objectContaining({
        id: "kb:untoc-2000:in-art-18-13-authority",
        authority: "Secretary, Ministry of Home Affairs, Government of India",
        source: expect.objectContaining({ article: "Art. 18(13)" }),
        languages: [
          expect.objectContaining({
            instrument: "untoc-2000",
            languages: ["en", "hi"],
            source: expect.objectContaining({ article: "Art. 18(14)" }),
          }),
        ],
      }),
    ]);
    // Nothing is guessed: no address, channel, urgent contact or hours is recorded for it.
    const e = india.entries[0];
    expect([e?.address, e?.urgent, e?.hours, e?.channels]).toEqual([undefined, undefined, undefined, []]);
    const salvador = (await t.app.inject({ url: "/api/v1/directory?jurisdiction=SV&instrument=uncac-2003" })).json() as Answer;
    expect(salvador.entries.map((x) => [x.authority, x.source.article, x.languages[0]?.languages])).toEqual([
      ["Ministry of Foreign Affairs of El Salvador", "Art. 46(13)", ["es"]],
    ]);
  });

  it("opens nothing else anonymously: cases, drafts, users, audit, partners and the law stay 401; writes stay refused", async () => {
    for (const url of [
      "/api/v1/cases",
      "/api/v1/drafts",
      "/api/v1/users",
      "/api/v1/audit",
      "/api/v1/account",
      "/api/v1/exchange/partners",
      "/api/v1/instruments",
    ])
      expect((await t.app.inject({ url, remoteAddress: "203.0.113.2" })).statusCode, url).toBe(401);
    const post = await t.app.inject({ method: "POST", url: "/api/v1/directory", payload: ENTRY, remoteAddress: "203.0.113.2" });
    expect(post.statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/v1/auth/session" })).json()).toMatchObject({ signedIn: false, publicDirectory: true });
  });

  it("refuses bad filters with 400 naming the field", async () => {
    const bad = await t.app.inject({ url: "/api/v1/directory?jurisdiction=XX" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: "jurisdiction" });
    const inst = await t.app.inject({ url: "/api/v1/directory?instrument=no-such-treaty" });
    expect(inst.statusCode).toBe(400);
    expect(inst.json()).toMatchObject({ field: "instrument", error: "unknown_instrument" });
  });

  it("lets an administrator add an entry (audited), found by state and instrument (UNTOC art. 18(13)) with whether it is open now", async () => {
    const before = await auditCount(t, "directory.create");
    const r = await write(admin, "POST", "/api/v1/directory", ENTRY);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ origin: "administrator", version: 0 });
    expect(await auditCount(t, "directory.create")).toBe(before + 1);
    const found = (await t.app.inject({ url: "/api/v1/directory?jurisdiction=FR&instrument=untoc-2000" })).json() as Answer;
    expect(found.entries.map((e) => e.authority)).toContain(ENTRY.authority);
    expect(typeof found.entries.find((e) => e.authority === ENTRY.authority)?.openNow).toBe("boolean");
    // The same authority again: 409, nothing written.
    expect((await write(admin, "POST", "/api/v1/directory", ENTRY)).statusCode).toBe(409);
  });

  it("refuses bad input with 400 naming the field and the rule, writing nothing", async () => {
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom("directory_entry")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [unknown, string][] = [
      [{ ...ENTRY, authority: "Other", hours: { ...ENTRY.hours, zone: "Mars/Olympus" } }, "hours.zone"],
      [{ ...ENTRY, authority: "Other", lastChecked: "2026-02-30" }, "lastChecked"],
      [
        { ...ENTRY, authority: "Other", instruments: [{ instrument: "no-such-treaty", source: { document: "x y z" } }] },
        "instruments.0.instrument",
      ],
      [{ ...ENTRY, authority: "Other", languages: [{ languages: ["xx1"], source: { document: "x y z" } }] }, "languages.0.languages.0"],
      [{ ...ENTRY, authority: "Other", source: undefined }, "source"],
    ];
    for (const [payload, field] of cases) {
      const r = await write(admin, "POST", "/api/v1/directory", payload);
      expect(r.statusCode, field).toBe(400);
      expect((r.json() as { field: string }).field, field).toBe(field);
    }
    expect(await count()).toBe(before);
  });

  it("refuses writes to officers (403) and a stale version (409 version_conflict), and deletes with the version read", async () => {
    expect((await write(officer, "POST", "/api/v1/directory", { ...ENTRY, authority: "Officer's try" })).statusCode).toBe(403);
    const created = (
      await write(admin, "POST", "/api/v1/directory", { ...ENTRY, authority: "Parquet national financier" })
    ).json() as DirectoryEntry;
    const first = await write(admin, "PUT", `/api/v1/directory/${created.id}`, {
      ...ENTRY,
      authority: "Parquet national financier",
      lastChecked: "2026-12-01",
      version: 0,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, lastChecked: "2026-12-01" });
    const stale = await write(admin, "PUT", `/api/v1/directory/${created.id}`, {
      ...ENTRY,
      authority: "Parquet national financier",
      version: 0,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: "version_conflict", field: "version" });
    expect((await write(admin, "DELETE", `/api/v1/directory/${created.id}?version=0`)).statusCode).toBe(409);
    expect((await write(admin, "DELETE", `/api/v1/directory/${created.id}?version=1`)).statusCode).toBe(200);
    expect(await auditCount(t, "directory.delete")).toBe(1);
  });

  it("turns a partner node's identity into an entry for signed-in users only, citing the identity endpoint and the date it was fetched", async () => {
    const at = new Date("2026-11-20T10:00:00Z");
    await t.ctx.db
      .insertInto("exchange_partner")
      .values({
        endpoint: "https://ru.partner.test",
        jurisdiction: "RU",
        authority: "Генеральная прокуратура (partner test)",
        fingerprint: "A".repeat(43),
        paired_fingerprint: "A".repeat(43),
        identity: JSON.stringify({}),
        identity_issued_at: at,
        created_at: at,
        updated_at: at,
        refreshed_at: at,
      })
      .execute();
    const anon = (await t.app.inject({ url: "/api/v1/directory?jurisdiction=RU" })).json() as Answer;
    expect(anon.entries.some((e) => e.origin === "identity")).toBe(false);
    const signed = (await t.app.inject({ url: "/api/v1/directory?jurisdiction=RU", headers: { cookie: officer.cookie } })).json() as Answer;
    const p = signed.entries.find((e) => e.origin === "identity");
    expect(p).toMatchObject({
      authority: "Генеральная прокуратура (partner test)",
      source: { document: "identity endpoint https://ru.partner.test/api/v1/exchange/identity, fetched 2026-11-20" },
      lastChecked: "2026-11-20",
      channels: [{ kind: "exchange", value: "https://ru.partner.test", fingerprint: "A".repeat(43) }],
    });
  });

  it("says an executing authority may be addressed directly under the 1959 Convention's Second Additional Protocol (CETS 182 art. 4)", async () => {
    const r = await write(admin, "POST", "/api/v1/directory", {
      ...ENTRY,
      authority: "Tribunal judiciaire de Paris (test)",
      role: "executing",
      instruments: [{ instrument: "cets-030", source: { document: "Test fixture (not a real source)" } }],
      languages: [],
    });
    expect(r.statusCode).toBe(201);
    const inst = (r.json() as DirectoryEntry).instruments;
    expect(inst).toHaveLength(1);
    const read = (await t.app.inject({ url: "/api/v1/directory?jurisdiction=FR&instrument=cets-030" })).json() as Answer;
    const e = read.entries.find((x) => x.authority === "Tribunal judiciaire de Paris (test)");
    // Art. 15 of the Convention itself (urgency, other requests) and art. 4 of the Second Additional Protocol.
    expect(e?.instruments[0]?.directAddress?.map((d) => d.provision)).toEqual(["cets-030:art-15-1", "cets-030:art-15-3", "cets-182:art-4"]);
  });

  it("imports a file signed by this node's own key, and refuses a tampered one (422, nothing written)", async () => {
    const runtime = await startExchange(t.ctx.db, t.clock, {
      passphrase: TEST_NODE_PASSPHRASE,
      endpoint,
      jurisdiction: "GB",
      organisation: "Central Authority (test node)",
    });
    const ctx = { ...t.ctx, kb: t.ctx.kb };
    const doc = await exportDirectory(ctx);
    const extra = {
      ...ENTRY,
      origin: "administrator",
      authority: "Министерство юстиции (импорт)",
      jurisdiction: "RU",
      version: null,
      lastChecked: "2026-11-01",
    };
    const signed = await signExport(runtime.keyring, { ...doc, entries: [...doc.entries, extra as never] });
    const [h, p, s] = signed.jws.split(".");
    const body = JSON.parse(Buffer.from(p ?? "", "base64url").toString("utf8"));
    body.entries.at(-1).authority = "Someone else";
    const tampered = { ...signed, jws: [h, Buffer.from(JSON.stringify(body)).toString("base64url"), s].join(".") };
    const before = await auditCount(t, "directory.import");
    const bad = await write(admin, "POST", "/api/v1/directory/import", tampered);
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: "signature_refused" });
    expect(await auditCount(t, "directory.import")).toBe(before);
    const ok = await write(admin, "POST", "/api/v1/directory/import", signed);
    expect(ok.statusCode).toBe(200);
    const report = ok.json() as { added: { authority: string }[]; unchanged: number; skipped: number; signer: { self: boolean } };
    expect(report.signer.self).toBe(true);
    expect(report.added.map((a) => a.authority)).toEqual(["Министерство юстиции (импорт)"]);
    expect(report.skipped).toBeGreaterThan(0);
    const again = (await write(admin, "POST", "/api/v1/directory/import", signed)).json() as typeof report;
    expect(again.added).toEqual([]);
    expect(await auditCount(t, "directory.import")).toBe(before + 2);
  });

  it("downloads the directory without sign-in: JSON signed by this node (importable again), CSV for reading, filtered by state and instrument", async () => {
    const json = await t.app.inject({ url: "/api/v1/directory/export?format=json&jurisdiction=RU", remoteAddress: "203.0.113.3" });
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(json.headers["content-disposition"]).toMatch(/^attachment; filename="directory-RU-\d{4}-\d{2}-\d{2}\.json"$/);
    const file = json.json() as { format: string; jws: string };
    expect(file.format).toBe("rogatory-directory+jws");
    const entries = JSON.parse(Buffer.from(file.jws.split(".")[1] ?? "", "base64url").toString("utf8")).entries as DirectoryEntry[];
    expect(new Set(entries.map((e) => e.jurisdiction))).toEqual(new Set(["RU"]));
    expect(entries.map((e) => e.authority)).toContain("Министерство юстиции (импорт)");
    // The file the page offers is the one another node imports: this node's own signature verifies.
    const back = (await write(admin, "POST", "/api/v1/directory/import", file)).json() as { added: unknown[]; unchanged: number };
    expect(back).toMatchObject({ added: [], unchanged: 1 });

    const csv = await t.app.inject({ url: "/api/v1/directory/export?format=csv&instrument=untoc-2000" });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="directory-untoc-2000-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.body.split("\r\n");
    expect(lines[0]).toBe(
      "\uFEFFjurisdiction,state,authority,role,origin,instruments,languages,address,channels,urgent,hours,source,last_checked",
    );
    expect(lines.some((l) => l.startsWith("LV,Latvia,") && l.includes("untoc-2000: en lv"))).toBe(true);
    expect(lines.slice(1, -1).every((l) => l.includes("untoc-2000"))).toBe(true);

    for (const [query, field] of [
      ["format=xml", "format"],
      ["format=csv&instrument=no-such-treaty", "instrument"],
      ["format=csv&jurisdiction=XX", "jurisdiction"],
    ]) {
      const bad = await t.app.inject({ url: `/api/v1/directory/export?${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json(), query).toMatchObject({ field });
    }
  });
});

describe("with ROGATORY_PUBLIC_DIRECTORY=false", () => {
  let t: TestApp;
  let reader: Browser;
  beforeAll(async () => {
    t = await startTestApp({ security: { publicDirectory: false } });
    const orgs = await createOrganisations(t.ctx);
    reader = await signedInUser(t, { email: "exec@dir.test", role: "executing", organisationId: orgs.executingA, totp: false });
  });
  afterAll(async () => t?.close());

  it("answers 404 to anonymous callers, and still serves signed-in users", async () => {
    const anon = await t.app.inject({ url: "/api/v1/directory" });
    expect(anon.statusCode).toBe(404);
    const r = await t.app.inject({ url: "/api/v1/directory?jurisdiction=US", headers: { cookie: reader.cookie } });
    expect(r.statusCode).toBe(200);
    expect((r.json() as Answer).entries.map((e) => e.authority)).toContain(
      "U.S. Department of Justice, Criminal Division, Office of International Affairs",
    );
    expect((await t.app.inject({ url: "/api/v1/auth/session" })).json()).toMatchObject({ publicDirectory: false });
    expect((await t.app.inject({ url: "/api/v1/directory/export?format=csv" })).statusCode).toBe(404);
    const file = await t.app.inject({ url: "/api/v1/directory/export?format=json", headers: { cookie: reader.cookie } });
    expect(file.statusCode).toBe(200);
    // No exchange on this node, so no key to sign with: the unsigned export, for reading only.
    expect(file.json()).toMatchObject({ format: "rogatory-directory", version: 1 });
  });
});
