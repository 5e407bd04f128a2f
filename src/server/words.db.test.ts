/**
 * Words (issue 14 §5) over the real API: a refused value is answered with the machine's code and
 * field in the JSON and a sentence for people in `message`; the limits the web app puts on its inputs
 * are the API's own; the forced password change does not ask again for the one-time password just
 * typed; organisations are renamed, retired and deleted only while nothing refers to them; the audit
 * trail names cases by their reference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  type TestOrganisations,
  type TestUser,
  createOrganisations,
  createReadyUser,
  sessionCookieOf,
  signIn,
} from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { createUser } from "../accounts/userAdministrator.js";
import { LIMITS } from "../validation/limits.js";

let t: TestApp;
let orgs: TestOrganisations;
let admin: TestUser;
let officer: TestUser;
let asAdmin: Browser;
let asOfficer: Browser;

beforeAll(async () => {
  t = await startTestApp();
  orgs = await createOrganisations(t.ctx);
  admin = await createReadyUser(t.ctx, { email: "admin@words.test", role: "administrator", organisationId: orgs.central });
  officer = await createReadyUser(t.ctx, { email: "officer@words.test", role: "officer", organisationId: orgs.central });
  asAdmin = await signIn(t.app, t.clock, admin);
  asOfficer = await signIn(t.app, t.clock, officer);
});
afterAll(async () => {
  await t?.close();
});

const call = (who: Browser, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as "GET", url, headers: { cookie: who.cookie, "x-csrf-token": who.csrf }, payload: payload as object });

const newCase = { direction: "outgoing", title: "Words", requesting: "GB", requested: "US", confidentiality: "normal" };

describe("refusals in words", () => {
  it("keeps the code and the field in the JSON and says the rule in a sentence naming the field in words", async () => {
    const r = await call(asOfficer, "POST", "/api/v1/cases", { ...newCase, title: "x".repeat(LIMITS.caseTitle + 1) });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({
      error: "invalid_request",
      field: "title",
      message: "The title can be at most 400 characters.",
      // The same sentence as words for the web app to say in the reader's language (issue 14 §8).
      words: [{ key: "errors:validation.tooLong", params: { field: "title", count: 400 } }],
    });
  });

  it("says an impossible date does not exist, and keeps invalid_date for programs", async () => {
    const r = await call(asOfficer, "POST", "/api/v1/cases", { ...newCase, requestDate: "2018-02-30" });
    expect(r.json()).toEqual({
      error: "invalid_date",
      field: "requestDate",
      message: "The date of the request: 30 February 2018 does not exist.",
      // The same sentence as words, so a screen in another language can say it (issue 14 §8).
      words: [{ key: "errors:validation.dateNoSuchDay", params: { field: "requestDate", impossible: "2018-02-30", year: 2018 } }],
    });
  });

  it("names a missing field and an item of a list in words, never by its path", async () => {
    const missing = await call(asOfficer, "POST", "/api/v1/cases", { ...newCase, title: undefined });
    expect(missing.json()).toMatchObject({ field: "title", message: "The title is required." });
    const item = await call(asOfficer, "POST", "/api/v1/cases", {
      ...newCase,
      measures: [{ measure: "testimony", description: "x".repeat(LIMITS.description + 1) }],
    });
    expect(item.json()).toMatchObject({
      field: "measures.0.description",
      message: "The description (item 1 of the measures) can be at most 2,000 characters.",
      words: [
        {
          key: "errors:validation.tooLong",
          params: { field: "description", position: 1, list: "measures", form: "inList", count: LIMITS.description },
        },
      ],
    });
  });

  it("words a field the way its route means it: the audit filter's dates are days", async () => {
    const r = await call(asAdmin, "GET", "/api/v1/audit?from=2023-02-29");
    expect(r.json()).toEqual({
      error: "invalid_date",
      field: "from",
      message: "The first day: 29 February 2023 does not exist (2023 is not a leap year).",
      words: [{ key: "errors:validation.dateNotLeap", params: { field: "audit.from", impossible: "2023-02-29", year: 2023 } }],
    });
  });
});

describe("the web app's limits are the API's", () => {
  interface Schema {
    maxLength?: number;
    minLength?: number;
    maximum?: number;
    properties?: Record<string, Schema>;
    items?: Schema;
    anyOf?: Schema[];
  }
  const doc = () =>
    t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>> };
  /** The body field's schema at `path` ("measures.description" goes through the list's items). */
  const field = (url: string, method: string, path: string): Schema => {
    let s: Schema | undefined = doc().paths[url]?.[method]?.requestBody?.content["application/json"]?.schema;
    for (const part of path.split(".")) {
      while (s?.items || s?.anyOf) s = s.items ?? s.anyOf?.find((x) => x.properties || x.maxLength !== undefined || x.items);
      s = s?.properties?.[part];
    }
    while (s?.anyOf) s = s.anyOf.find((x) => x.maxLength !== undefined || x.maximum !== undefined);
    if (!s) throw new Error(`no field ${path} in ${method} ${url}`);
    return s;
  };
  it.each([
    ["/api/v1/cases", "post", "title", LIMITS.caseTitle],
    ["/api/v1/cases", "post", "ourReference", LIMITS.reference],
    ["/api/v1/cases", "post", "theirReference", LIMITS.reference],
    ["/api/v1/cases", "post", "authority", LIMITS.authority],
    ["/api/v1/cases", "post", "measures.description", LIMITS.description],
    ["/api/v1/cases/{id}", "patch", "title", LIMITS.caseTitle],
    ["/api/v1/cases/{id}/transitions", "post", "reasons", LIMITS.reasons],
    ["/api/v1/cases/{id}/transitions", "post", "note", LIMITS.note],
    ["/api/v1/cases/{id}/offences", "post", "description", LIMITS.description],
    ["/api/v1/cases/{id}/offences", "post", "legalProvision", LIMITS.legalProvision],
    ["/api/v1/cases/{id}/offences", "post", "penalty", LIMITS.legalProvision],
    ["/api/v1/cases/{id}/persons", "post", "name", LIMITS.personName],
    ["/api/v1/cases/{id}/consultations", "post", "channel", LIMITS.consultationChannel],
    ["/api/v1/cases/{id}/consultations", "post", "outcome", LIMITS.longText],
    ["/api/v1/cases/{id}/correspondence", "post", "channel", LIMITS.correspondenceChannel],
    ["/api/v1/cases/{id}/correspondence", "post", "summary", LIMITS.longText],
    ["/api/v1/drafts", "post", "title", LIMITS.draftTitle],
    ["/api/v1/cases/{id}/evidence", "post", "description", LIMITS.description],
    ["/api/v1/cases/{id}/evidence", "post", "holder", LIMITS.holder],
    ["/api/v1/cases/{id}/evidence/{evidenceId}/custody", "post", "holder", LIMITS.holder],
    ["/api/v1/cases/{id}/evidence/{evidenceId}/uses", "post", "purpose", LIMITS.usePurpose],
    ["/api/v1/cases/{id}/evidence/{evidenceId}/uses", "post", "consentBy", LIMITS.consentBy],
    ["/api/v1/organisations", "post", "name", LIMITS.organisationName],
    ["/api/v1/organisations/{id}", "patch", "name", LIMITS.organisationName],
    ["/api/v1/users", "post", "displayName", LIMITS.displayName],
    ["/api/v1/users", "post", "email", LIMITS.email],
    ["/api/v1/auth/sign-in", "post", "password", LIMITS.password],
    ["/api/v1/account/password", "post", "next", LIMITS.password],
    ["/api/v1/account/tokens", "post", "name", LIMITS.tokenName],
    ["/api/v1/cases/{id}/hearings", "post", "presidingAuthority", LIMITS.presidingAuthority],
    ["/api/v1/cases/{id}/hearings", "post", "participants.role", LIMITS.hearingRole],
    ["/api/v1/cases/{id}/hearings", "post", "participants.name", LIMITS.hearingName],
    ["/api/v1/cases/{id}/hearings", "post", "interpreters.name", LIMITS.hearingName],
    ["/api/v1/cases/{id}/hearings", "post", "technicalContact.phone", LIMITS.phone],
    ["/api/v1/cases/{id}/hearings", "post", "perjuryWarning", LIMITS.perjuryWarning],
    ["/api/v1/cases/{id}/hearings/{hearingId}", "put", "perjuryWarning", LIMITS.perjuryWarning],
    ["/api/v1/cases/{id}/hearings/{hearingId}/record", "post", "note", LIMITS.hearingNote],
  ])("%s %s: %s at most %d", (url, method, path, limit) => {
    expect(field(url, method, path).maxLength).toBe(limit);
  });
  it("the token's life in days", () => {
    expect(field("/api/v1/account/tokens", "post", "expiresInDays").maximum).toBe(LIMITS.tokenDaysMax);
  });
});

describe("the forced password change", () => {
  it("takes the new password without the one-time password typed a moment ago, and still wants the current one afterwards", async () => {
    const { oneTimePassword } = await createUser(
      t.ctx,
      null,
      { email: "new@words.test", displayName: "New Officer", role: "executing", organisationId: orgs.executingA },
      { ip: null, userAgent: null },
    );
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "new@words.test", password: oneTimePassword },
    });
    const state = signedIn.json();
    expect(state.stage).toBe("password");
    const headers = { cookie: sessionCookieOf(signedIn) ?? "", "x-csrf-token": state.csrfToken };
    const changed = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/password",
      headers,
      payload: { next: "a sentence long enough 42" },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().stage).toBe("full");
    // A full session changes the password only with the current one.
    const after = { cookie: sessionCookieOf(changed) ?? "", "x-csrf-token": changed.json().csrfToken };
    const without = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/password",
      headers: after,
      payload: { next: "another long sentence 43" },
    });
    expect(without.statusCode).toBe(400);
    expect(without.json()).toMatchObject({
      error: "wrong_password",
      field: "current",
      message: "The current password is required to set a new one.",
    });
  });

  it("asks for the one-time password again when the sign-in is more than 15 minutes old", async () => {
    const { oneTimePassword } = await createUser(
      t.ctx,
      null,
      { email: "slow@words.test", displayName: "Slow Officer", role: "executing", organisationId: orgs.executingA },
      { ip: null, userAgent: null },
    );
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "slow@words.test", password: oneTimePassword },
    });
    const headers = { cookie: sessionCookieOf(signedIn) ?? "", "x-csrf-token": signedIn.json().csrfToken };
    t.clock.advance(16 * 60_000);
    const late = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/password",
      headers,
      payload: { next: "a sentence long enough 42" },
    });
    expect(late.json()).toMatchObject({ error: "wrong_password", field: "current" });
    expect(late.json().message).toMatch(/^You signed in more than 15 minutes ago: type the one-time password again/);
    const withIt = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/password",
      headers,
      payload: { current: oneTimePassword, next: "a sentence long enough 42" },
    });
    expect(withIt.statusCode).toBe(200);
    // The sessions above were signed in before the clock moved: sign in again for what follows.
    asAdmin = await signIn(t.app, t.clock, admin);
    asOfficer = await signIn(t.app, t.clock, officer);
  });
});

describe("organisations", () => {
  it("renames an organisation (409 on a stale version) and shows its jurisdiction", async () => {
    const list = (await call(asAdmin, "GET", "/api/v1/organisations")).json() as { id: string; version: number; jurisdiction: string }[];
    const court = list.find((o) => o.id === orgs.executingA);
    expect(court).toMatchObject({ name: "Crown Court (test)", jurisdiction: "GB", retired: false });
    const renamed = await call(asAdmin, "PATCH", `/api/v1/organisations/${orgs.executingA}`, {
      version: court?.version,
      name: "Crown Court at Southwark",
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Crown Court at Southwark", version: (court?.version ?? 0) + 1 });
    const stale = await call(asAdmin, "PATCH", `/api/v1/organisations/${orgs.executingA}`, { version: court?.version, name: "Other" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: "version_conflict", field: "version" });
    const taken = await call(asAdmin, "PATCH", `/api/v1/organisations/${orgs.executingA}`, {
      version: renamed.json().version,
      name: "Police Unit (test)",
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toBe('An organisation named "Police Unit (test)" already exists.');
  });

  it("refuses to delete or retire an organisation in use, retires it once its users are disabled, and offers it for nothing new", async () => {
    const clerk = await createReadyUser(t.ctx, { email: "clerk@words.test", role: "executing", organisationId: orgs.executingB });
    const version = async () =>
      ((await call(asAdmin, "GET", "/api/v1/organisations?includeRetired=true")).json() as { id: string; version: number }[]).find(
        (o) => o.id === orgs.executingB,
      )?.version;
    const del = await call(asAdmin, "DELETE", `/api/v1/organisations/${orgs.executingB}`);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ error: "organisation_in_use", field: "id" });
    expect(del.json().message).toBe("Police Unit (test) cannot be deleted: 1 user refers to it. Retire it instead; its history stays.");
    const busy = await call(asAdmin, "PATCH", `/api/v1/organisations/${orgs.executingB}`, { version: await version(), retired: true });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().message).toMatch(/still has 1 user who can sign in: disable them or move them/);

    const u = (await call(asAdmin, "GET", "/api/v1/users")).json().find((x: { id: string }) => x.id === clerk.id);
    expect((await call(asAdmin, "PATCH", `/api/v1/users/${clerk.id}`, { version: u.version, disabled: true })).statusCode).toBe(200);
    const retired = await call(asAdmin, "PATCH", `/api/v1/organisations/${orgs.executingB}`, { version: await version(), retired: true });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ retired: true });

    // Kept for its history, offered for nothing new.
    const inUse = (await call(asOfficer, "GET", "/api/v1/organisations")).json() as { id: string }[];
    expect(inUse.map((o) => o.id)).not.toContain(orgs.executingB);
    const newUser = await call(asAdmin, "POST", "/api/v1/users", {
      email: "late@words.test",
      displayName: "Late Clerk",
      role: "executing",
      organisationId: orgs.executingB,
    });
    expect(newUser.statusCode).toBe(400);
    expect(newUser.json()).toMatchObject({ error: "organisation_retired", field: "organisationId" });
    const opened = await call(asOfficer, "POST", "/api/v1/cases", newCase);
    const measure = await call(asOfficer, "POST", `/api/v1/cases/${opened.json().id}/measures`, {
      version: opened.json().version,
      measure: "testimony",
      description: "Hear the witness",
      assignedOrganisationId: orgs.executingB,
    });
    expect(measure.statusCode).toBe(400);
    expect(measure.json().message).toBe("Police Unit (test) is retired: assign the measure to an authority in use.");
  });

  it("deletes an organisation nothing refers to, and never the central authority", async () => {
    const made = await call(asAdmin, "POST", "/api/v1/organisations", { name: "Typo Cuort", kind: "executing_authority" });
    expect(made.statusCode).toBe(201);
    const gone = await call(asAdmin, "DELETE", `/api/v1/organisations/${made.json().id}`);
    expect(gone.statusCode).toBe(200);
    const central = (await call(asAdmin, "GET", "/api/v1/organisations")).json().find((o: { id: string }) => o.id === orgs.central);
    const r = await call(asAdmin, "PATCH", `/api/v1/organisations/${orgs.central}`, { version: central.version, retired: true });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toBe("organisation_in_use");
  });

  it("is the administrator's to change: an officer is refused", async () => {
    const r = await call(asOfficer, "PATCH", `/api/v1/organisations/${orgs.executingA}`, { version: 0, name: "Mine" });
    expect(r.statusCode).toBe(403);
  });
});

describe("the audit trail in words", () => {
  it("names a case by its reference and finds its events by that reference", async () => {
    const opened = await call(asOfficer, "POST", "/api/v1/cases", { ...newCase, title: "Audited" });
    const { id, reference } = opened.json() as { id: string; reference: string };
    expect(reference).toMatch(/^OUT-\d{4}-\d+$/);
    const events = (await call(asAdmin, "GET", `/api/v1/audit?objectId=${reference}`)).json() as {
      objectId: string;
      objectType: string;
      objectLabel: string;
    }[];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e).toMatchObject({ objectType: "case", objectId: id, objectLabel: reference });
    const org = (await call(asAdmin, "GET", "/api/v1/audit?objectType=organisation")).json() as { objectLabel: string | null }[];
    expect(org.map((e) => e.objectLabel)).toContain("Crown Court at Southwark");
  });
});
