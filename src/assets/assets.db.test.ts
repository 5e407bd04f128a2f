/**
 * Criminal assets over the API (issue 15 §1): registration with checked identifiers (a bad IBAN is
 * refused naming the field, nothing written), the life of an asset under the law's guard (freezing with
 * an expiry that is a deadline in the queue, confiscation under appeal then final, realisation, sharing
 * 50/50 with costs deducted first), the version check (409, nothing written), the UNCAC art. 57(3)(a)
 * refusal to share embezzled public funds without a case-by-case agreement (art. 57(5)), need-to-know on
 * the case and the register, the register's totals and CSV, and the audit chain.
 */
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, injectAs, signedInUser } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { verifyChain } from "../audit/trail.js";

let t: TestApp;
let officer: Browser;
let other: Browser;

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  officer = await signedInUser(t, { email: "officer@assets.test", role: "officer", organisationId: orgs.central });
  other = await signedInUser(t, { email: "other@assets.test", role: "officer", organisationId: orgs.central });
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) => injectAs(t.app, who, opts);

interface Assets {
  caseVersion: number;
  changed?: string;
  law: { disposal: { regime: string } };
  assets: {
    id: string;
    status: string;
    identifiers: Record<string, string>;
    freeze: { expiresOn: string } | null;
    steps: { step: string; provisions: { provision: string; cite: string }[] }[];
    sharings: {
      net: string;
      costs: string;
      shares: { id: string; party: string; amount: string; converted: string | null; transfer: unknown }[];
    }[];
  }[];
}

const day = (offset: number) => new Date(t.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);

async function newCase(confidentiality = "normal"): Promise<{ id: string; version: number; reference: string }> {
  const r = await as(officer, {
    method: "POST",
    url: "/api/v1/cases",
    payload: {
      direction: "incoming",
      confidentiality,
      title: "Proceeds of a fraud",
      requesting: "US",
      requested: "RU",
      requestDate: day(-10),
      measures: [{ measure: "asset_freeze", description: "Freeze the account" }],
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

const account = (version: number, over: Record<string, unknown> = {}) => ({
  version,
  kind: "bank_account",
  description: "Счёт в ПАО «Банк»",
  location: "RU",
  identifiers: { iban: "DE89 3704 0044 0532 0130 00" },
  holders: [{ name: "Иван Петров", role: "account holder" }],
  value: { amount: "1000000.00", currency: "EUR", on: day(-5), source: "bank statement" },
  thirdPartyClaims: [{ claimant: "Ольга Петрова", right: "co-owner in good faith of half the balance" }],
  ...over,
});

const assetsOf = async (id: string, who = officer): Promise<Assets> => {
  const r = await as(who, { method: "GET", url: `/api/v1/cases/${id}/assets` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe("an asset's life, US → Russia", () => {
  let c: { id: string; version: number; reference: string };
  let assetId: string;
  let v: number;
  const step = async (body: Record<string, unknown>, status = 200) => {
    const r = await as(officer, { method: "POST", url: `/api/v1/cases/${c.id}/assets/${assetId}/steps`, payload: { version: v, ...body } });
    expect(r.statusCode, r.body).toBe(status);
    if (status === 200) v = (r.json() as Assets).caseVersion;
    return r;
  };

  beforeAll(async () => {
    c = await newCase();
  });

  it("refuses an IBAN whose check digits are wrong, naming the field, and writes nothing", async () => {
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets`,
      payload: account(c.version, { identifiers: { iban: "DE89370400440532013001" } }),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe("identifiers.iban");
    expect(r.json().words[0].key).toBe("errors:domain.ibanInvalid");
    expect((await assetsOf(c.id)).assets).toEqual([]);
  });

  it("refuses an unknown currency at the edge, naming the field", async () => {
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets`,
      payload: account(c.version, { value: { amount: "10", currency: "XYZ", on: day(0), source: "x" } }),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toMatch(/currency/);
  });

  it("registers the account (IBAN stored in electronic form), citing the tracing provision", async () => {
    const r = await as(officer, { method: "POST", url: `/api/v1/cases/${c.id}/assets`, payload: account(c.version) });
    expect(r.statusCode, r.body).toBe(201);
    const a = r.json() as Assets;
    assetId = a.changed as string;
    v = a.caseVersion;
    expect(a.assets[0]?.identifiers.iban).toBe("DE89370400440532013000");
    expect(a.assets[0]?.status).toBe("traced");
    expect(a.assets[0]?.steps[0]?.provisions.map((p) => p.provision)).toContain("untoc-2000:art-13");
  });

  it("a stale version is refused with 409 and nothing is written: no step, no timeline line, no audit event", async () => {
    const count = async () =>
      Promise.all([
        t.ctx.db.selectFrom("case_asset_step").select("id").where("asset_id", "=", assetId).execute(),
        t.ctx.db.selectFrom("case_transition").select("id").where("case_id", "=", c.id).execute(),
        t.ctx.db.selectFrom("audit_event").select("seq").where("object_id", "=", c.id).execute(),
      ]).then((xs) => xs.map((x) => x.length));
    const before = await count();
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets/${assetId}/steps`,
      payload: { version: v - 1, step: "freeze", on: day(0), order: "F-1", expiresOn: day(20) },
    });
    expect(r.statusCode).toBe(409);
    expect(await count()).toEqual(before);
    expect((await assetsOf(c.id)).assets[0]?.status).toBe("traced");
  });

  it("freezes with an order expiring in 20 days: the expiry is a deadline in the queue and in the register's 30-day view", async () => {
    await step({ step: "freeze", on: day(0), order: "Постановление № 12", expiresOn: day(20) });
    const q = await as(officer, { method: "GET", url: "/api/v1/queue?scope=all&within=30" });
    const item = (q.json().items as { kind: string; due: string; caseId: string }[]).find(
      (i) => i.kind === "freeze_expiry" && i.caseId === c.id,
    );
    expect(item?.due).toBe(day(20));
    const reg = await as(officer, { method: "GET", url: "/api/v1/assets" });
    expect((reg.json().expiring as { assetId: string }[]).map((x) => x.assetId)).toContain(assetId);
  });

  it("confiscation under appeal does not let the asset be realised", async () => {
    await step({ step: "confiscate", on: day(1), order: "Приговор 1-23", final: false });
    const r = await step({ step: "realise", on: day(2), amount: { amount: "1000000.00", currency: "EUR" } }, 422);
    expect(r.json().words[0].key).toBe("errors:domain.assetUnderAppeal");
    // The freezing deadline is done once the asset is confiscated.
    const q = await as(officer, { method: "GET", url: "/api/v1/queue?scope=all&within=30" });
    expect((q.json().items as { kind: string; caseId: string }[]).some((i) => i.kind === "freeze_expiry" && i.caseId === c.id)).toBe(false);
  });

  it("a step missing its order is refused naming the field", async () => {
    const r = await step({ step: "confiscate", on: day(3), final: true }, 400);
    expect(r.json().field).toBe("order");
  });

  it("UNTOC art. 14(3)(b): shares 50/50 with costs deducted first, exactly, converted at a recorded rate (975000.01 × 1.0843 = 1057192.51)", async () => {
    await step({ step: "confiscate", on: day(3), order: "Апелляционное определение 22-1", final: true });
    await step({ step: "realise", on: day(4), amount: { amount: "1000000.01", currency: "EUR" } });
    const bad = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets/${assetId}/sharing`,
      payload: {
        version: v,
        basis: "basis",
        reference: "AS-1",
        concludedOn: day(5),
        costs: "25000.00",
        parts: [
          { party: "US", percent: "50" },
          { party: "RU", percent: "40" },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().words[0].key).toBe("errors:domain.sharePercentTotal");
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets/${assetId}/sharing`,
      payload: {
        version: v,
        basis: "basis",
        reference: "AS-1",
        concludedOn: day(5),
        costs: "25000.00",
        parts: [
          { party: "US", percent: "50" },
          { party: "RU", percent: "50" },
        ],
        conversion: { currency: "USD", rate: "1.0843", on: day(5), source: "ECB reference rate" },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    const a = (r.json() as Assets).assets[0];
    v = (r.json() as Assets).caseVersion;
    const s = a?.sharings[0];
    expect(s?.net).toBe("975000.01");
    // The cent left over goes to the first listed (largest remainder, tie by order).
    expect(s?.shares.map((x) => x.amount)).toEqual(["487500.01", "487500.00"]);
    expect(s?.shares.map((x) => x.converted)).toEqual(["528596.26", "528596.25"]);
    expect(a?.status).toBe("disposed");
    expect(a?.steps.at(-1)?.provisions.map((p) => p.provision)).toContain("untoc-2000:art-14-3");
    const tr = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets/${assetId}/transfers`,
      payload: { version: v, shareId: s?.shares[0]?.id, reference: "SWIFT MT103 0001", on: day(6) },
    });
    expect(tr.statusCode, tr.body).toBe(200);
    expect((tr.json() as Assets).assets[0]?.sharings[0]?.shares[0]?.transfer).toEqual({ reference: "SWIFT MT103 0001", on: day(6) });
  });

  it("the register's totals are exact sums per state, status and currency; the CSV is UTF-8 with a safe file name", async () => {
    const reg = await as(officer, { method: "GET", url: "/api/v1/assets?currency=EUR" });
    const total = (reg.json().totals as { location: string; status: string; currency: string; amount: string }[]).find(
      (x) => x.location === "RU" && x.status === "disposed" && x.currency === "EUR",
    );
    expect(Number(total?.amount)).toBeCloseTo(1000000.01, 2);
    expect(total?.amount).toMatch(/^1000000\.01/);
    const csv = await as(officer, { method: "GET", url: "/api/v1/assets/export.csv" });
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers["content-disposition"]).toMatch(/filename\*=UTF-8''/);
    expect(csv.body).toContain("Счёт в ПАО «Банк»");
  });

  it("the case's bundle carries its assets, and an import recreates them with their sharing and transfer", async () => {
    const b = await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/bundle` });
    expect(b.statusCode, b.body).toBe(200);
    const bundle = b.json();
    expect(bundle.assets[0].sharings[0].shares.map((x: { amount: string }) => x.amount)).toEqual(["487500.01", "487500.00"]);
    const imp = await as(officer, { method: "POST", url: "/api/v1/cases/import", payload: bundle });
    expect(imp.statusCode, imp.body).toBeLessThan(300);
    const imported = await assetsOf(imp.json().id);
    const a = imported.assets[0];
    expect(a?.status).toBe("disposed");
    expect(a?.sharings[0]?.net).toBe("975000.01");
    expect(a?.sharings[0]?.shares[0]?.transfer).toEqual({ reference: "SWIFT MT103 0001", on: day(6) });
    expect(a?.steps.map((x) => x.step)).toEqual(["trace", "freeze", "confiscate", "confiscate", "realise", "share"]);
  });

  it("the audit trail holds ids and codes, not names, and its chain verifies", async () => {
    const events = await t.ctx.db.selectFrom("audit_event").select(["action", "summary"]).where("object_id", "=", c.id).execute();
    const asset = events.filter((e) => e.action.startsWith("case.asset_"));
    expect(asset.map((e) => e.action)).toContain("case.asset_sharing");
    expect(JSON.stringify(asset)).not.toContain("Петров");
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});

describe("UNCAC art. 57(3)(a): embezzled public funds are returned, not shared", () => {
  it("refuses sharing on the basis alone, naming the rule; a case-by-case agreement (art. 57(5)) allows it", async () => {
    const c = await newCase();
    let r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets`,
      payload: account(c.version, { embezzledPublicFunds: true }),
    });
    let a = r.json() as Assets;
    const id = a.changed as string;
    let v = a.caseVersion;
    for (const body of [
      { step: "confiscate", on: day(0), order: "C-1", final: true },
      { step: "realise", on: day(1), amount: { amount: "100.00", currency: "EUR" } },
    ]) {
      r = await as(officer, { method: "POST", url: `/api/v1/cases/${c.id}/assets/${id}/steps`, payload: { version: v, ...body } });
      expect(r.statusCode, r.body).toBe(200);
      v = (r.json() as Assets).caseVersion;
    }
    const share = {
      reference: "AG-1",
      concludedOn: day(2),
      costs: "0",
      parts: [
        { party: "US", percent: "50" },
        { party: "RU", percent: "50" },
      ],
    };
    r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets/${id}/sharing`,
      payload: { version: v, basis: "basis", ...share },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().words[0].key).toBe("errors:domain.assetEmbezzledFundsReturned");
    expect(r.json().message).toMatch(/57\(3\)\(a\)/);
    r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets/${id}/sharing`,
      payload: { version: v, basis: "case_agreement", ...share },
    });
    expect(r.statusCode, r.body).toBe(200);
    a = r.json() as Assets;
    expect(a.assets[0]?.steps.at(-1)?.provisions.map((p) => p.provision)).toEqual(["uncac-2003:art-57-4"]);
  });
});

describe("need-to-know", () => {
  it("a strictly confidential case's assets are no case to an officer not on its list, and stay out of their register", async () => {
    const c = await newCase("strictly_confidential");
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/assets`,
      payload: account(c.version, {
        description: "Secret villa",
        kind: "real_estate",
        identifiers: { landRegistry: "77:01:0001001:1234" },
      }),
    });
    expect(r.statusCode, r.body).toBe(201);
    const seen = await as(other, { method: "GET", url: `/api/v1/cases/${c.id}/assets` });
    expect(seen.statusCode).toBe(404);
    const reg = await as(other, { method: "GET", url: "/api/v1/assets" });
    expect(JSON.stringify(reg.json())).not.toContain("Secret villa");
  });
});
