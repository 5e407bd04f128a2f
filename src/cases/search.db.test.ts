/**
 * Finding cases (issue 14 §4): search covers our reference, the partner's reference, the title and the
 * persons' names — of the cases the user may see only (a name in a strictly confidential case does not
 * lead an unlisted officer to it, in the list, the count or the export); every filter of the list works
 * over HTTP, and an unknown filter value, or a filter the API does not have, is a 400 naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, createReadyUser, signIn, type TestUser } from "../../test/support/accounts.js";
import { startTestApp, type TestApp } from "../../test/support/app.js";

let t: TestApp;
let listed: TestUser;
let unlisted: TestUser;
let asListed: Browser;
let asUnlisted: Browser;

const get = (who: Browser, url: string) => t.app.inject({ url, headers: { cookie: who.cookie } });
const refs = async (who: Browser, query: string) => {
  const res = await get(who, `/api/v1/cases?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { reference: string }[] }).items.map((c) => c.reference).sort();
};

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  listed = await createReadyUser(t.ctx, { email: "listed@ca.test", role: "officer", organisationId: orgs.central });
  unlisted = await createReadyUser(t.ctx, { email: "unlisted@ca.test", role: "officer", organisationId: orgs.central });
  const base = {
    direction: "incoming" as const,
    requesting: "RU",
    requested: "GB",
    created_by: listed.id,
    created_at: new Date(Date.UTC(2026, 0, 1)),
    updated_at: new Date(Date.UTC(2026, 0, 1)),
  };
  const rows = await t.ctx.db
    .insertInto("case_file")
    .values([
      {
        ...base,
        reference: "S-1",
        title: "Fraud in Leeds",
        confidentiality: "normal",
        their_reference: "GP-RF 81/3-2012",
        our_reference: "CA/2012/0042",
        received_on: "2012-07-10",
        state: "under_review",
        officer_id: listed.id,
      },
      {
        ...base,
        reference: "S-2",
        title: "Witness in Manchester",
        confidentiality: "normal",
        received_on: "2012-08-20",
        state: "registered",
        requesting: "FR",
      },
      { ...base, reference: "S-3", title: "A sealed matter", confidentiality: "strictly_confidential", received_on: "2012-07-15" },
    ])
    .returning(["id", "reference"])
    .execute();
  const id = (ref: string) => rows.find((r) => r.reference === ref)?.id ?? "";
  await t.ctx.db
    .insertInto("case_access")
    .values({ case_id: id("S-3"), user_id: listed.id, granted_by: listed.id, granted_at: new Date() })
    .execute();
  const at = new Date(Date.UTC(2026, 0, 1));
  await t.ctx.db
    .insertInto("case_person")
    .values([
      { case_id: id("S-2"), role: "witness", name: "Zoë Ångström-Øster", created_at: at },
      { case_id: id("S-3"), role: "suspect", name: "Владимир Секретов", created_at: at },
    ])
    .execute();
  await t.ctx.db
    .insertInto("case_measure")
    .values({
      case_id: id("S-2"),
      measure: "search_seizure",
      description: "Search the flat",
      assigned_organisation_id: null,
      created_at: at,
      deadline: null,
      decision_id: null,
    })
    .execute();
  await t.ctx.db
    .insertInto("case_offence")
    .values({ case_id: id("S-1"), description: "Fraud", legal_provision: "Art. 159", iccs: "07", created_at: at })
    .execute();
  asListed = await signIn(t.app, t.clock, listed);
  asUnlisted = await signIn(t.app, t.clock, unlisted);
});
afterAll(async () => t?.close());

describe("search", () => {
  it("finds a case by our reference, the partner's reference, the title and a person's name", async () => {
    expect(await refs(asListed, "q=S-1")).toEqual(["S-1"]);
    expect(await refs(asListed, `q=${encodeURIComponent("ca/2012/0042")}`)).toEqual(["S-1"]);
    expect(await refs(asListed, `q=${encodeURIComponent("81/3-2012")}`)).toEqual(["S-1"]);
    expect(await refs(asListed, "q=manchester")).toEqual(["S-2"]);
    expect(await refs(asListed, `q=${encodeURIComponent("ångström")}`)).toEqual(["S-2"]);
    expect(await refs(asListed, `q=${encodeURIComponent("Секретов")}`)).toEqual(["S-3"]);
  });

  it("does not lead to a case through the name of a person in it when the user may not see the case", async () => {
    const q = `q=${encodeURIComponent("Секретов")}`;
    expect(await refs(asUnlisted, q)).toEqual([]);
    expect((await get(asUnlisted, `/api/v1/cases/count?${q}`)).json()).toMatchObject({ total: 0 });
    const csv = (await get(asUnlisted, `/api/v1/cases/export?${q}`)).body;
    expect(csv).not.toContain("S-3");
    // The same officer still finds the cases they may see by a person's name.
    expect(await refs(asUnlisted, `q=${encodeURIComponent("Øster")}`)).toEqual(["S-2"]);
  });
});

describe("filters", () => {
  it("filters by state, measure, ICCS section, officer, partner and the day the request was received", async () => {
    expect(await refs(asListed, "state=registered")).toEqual(["S-2"]);
    expect(await refs(asListed, "measure=search_seizure")).toEqual(["S-2"]);
    expect(await refs(asListed, "iccs=07")).toEqual(["S-1"]);
    expect(await refs(asListed, `officer=${listed.id}`)).toEqual(["S-1"]);
    expect(await refs(asListed, "partner=FR")).toEqual(["S-2"]);
    expect(await refs(asListed, "receivedFrom=2012-07-11&receivedTo=2012-07-31")).toEqual(["S-3"]);
    expect(await refs(asListed, "receivedFrom=2012-07-10")).toEqual(["S-1", "S-2", "S-3"]);
    expect(await refs(asListed, "receivedTo=2012-07-10")).toEqual(["S-1"]);
  });

  // The JSON names the field by its code; the message a user reads names it in words (issue 14 §5).
  it.each([
    ["state=under-review", "state", /state/i],
    ["measure=wiretap", "measure", /measure/i],
    ["iccs=12", "iccs", /offence category/i],
    ["partner=ZZ", "partner", /partner/i],
    ["confidentiality=secret", "confidentiality", /confidentiality/i],
    ["direction=sideways", "direction", /direction/i],
    ["overdue=yes", "overdue", /overdue/i],
    ["receivedFrom=2012-02-30", "receivedFrom", /first day of receipt: 30 February 2012 does not exist/i],
    ["receivedFrom=2012-08-01&receivedTo=2012-07-01", "receivedTo", /last day of receipt must not be before the first/i],
    ["officer=00000000-0000-4000-8000-000000000000", "officer", /officer/i],
  ])("refuses %s with a 400 naming %s", async (query, field, words) => {
    for (const path of ["/api/v1/cases", "/api/v1/cases/count", "/api/v1/cases/export"]) {
      const res = await get(asListed, `${path}?${query}`);
      expect(res.statusCode, `${path}?${query}`).toBe(400);
      expect(res.json()).toMatchObject({ field });
      expect(res.json().message).toMatch(words);
    }
  });

  it("refuses a filter the API does not have, naming it", async () => {
    const res = await get(asListed, "/api/v1/cases?status=registered");
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain("status");
  });
});
