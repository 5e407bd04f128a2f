/**
 * The authorisation matrix: every API route × every role (and no sign-in) × each confidentiality
 * level (listed on the case's access list or not), each request made for real over HTTP. The
 * expectations below are written out independently of policies/policy.ts, so a change to the policy
 * fails here; a route missing from the table fails too. The matrix runs twice: with the law closed
 * (the default) and with ROGATORY_PUBLIC_LAW=true, where anonymous callers read exactly the law's
 * routes and nothing else, and every role is unchanged. Then need-to-know in lists, search, counts,
 * exports and assignments: each role sees exactly the cases the same table allows.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocument, addEvidence } from "../cases/evidence.js";
import { createCase } from "../cases/commands/open-case.js";
import { readable } from "../cases/presenter.js";
import { scheduleHearing } from "../hearings/hearings.js";
import { registerAsset } from "../assets/commands/register-asset.js";
import { type Browser, createOrganisations, createReadyUser, PASSWORD, signIn, type TestUser } from "../../test/support/accounts.js";
import { startTestApp, type TestApp } from "../../test/support/app.js";
import type { Confidentiality, Role } from "./policy.js";

/** A hearing's schedule, for the probes and the cases' own hearing. */
const HEARING = {
  startsAt: "2026-03-09T14:00:00Z",
  endsAt: "2026-03-09T15:00:00Z",
  requestingZone: "Europe/Moscow",
  requestedZone: "Europe/London",
  presidingAuthority: "Matrix court",
  interpreters: [],
  participants: [{ side: "requested" as const, role: "witness", name: "A. Witness" }],
  technicalContact: { name: "Clerk", email: "clerk@matrix.test" },
  perjuryWarning: "",
};

type Who = Role | "anonymous";
const WHO: Who[] = ["administrator", "officer", "supervisor", "executing", "auditor", "anonymous"];
const LEVELS: Confidentiality[] = ["normal", "confidential", "strictly_confidential"];

interface Probe {
  who: Who;
  level: Confidentiality;
  listed: boolean;
}

const everyone = () => true;
const signedIn = (p: Probe) => p.who !== "anonymous";
const roles =
  (...rs: Role[]) =>
  (p: Probe) =>
    (rs as Who[]).includes(p.who);
/** Officers and supervisors: normal and confidential cases, strictly confidential only when listed. */
const caseWorker = (p: Probe) => (p.who === "officer" || p.who === "supervisor") && (p.level !== "strictly_confidential" || p.listed);
/** Reading a case: case workers as above, auditors only where granted (listed). */
const caseReader = (p: Probe) => caseWorker(p) || (p.who === "auditor" && p.listed);

/**
 * Whether each route lets the probe through. Written from the rules, not from the code.
 * The law (issue 11 §4) is read by everyone signed in and, when the installation opens it, by anyone.
 */
const expectedFor = (publicLaw: boolean): Record<string, (p: Probe) => boolean> => {
  const lawReader = publicLaw ? everyone : signedIn;
  return {
    "GET /api/health": everyone,
    // Readiness for load balancers and orchestrators (issue 12 §4): says only which check failed.
    "GET /api/ready": everyone,
    "GET /api/v1/auth/session": everyone,
    "POST /api/v1/auth/sign-in": everyone,
    // Only a session waiting for its second factor may post a code; a full session is past that step.
    "POST /api/v1/auth/totp": () => false,
    "POST /api/v1/auth/sign-out": signedIn,
    "POST /api/v1/auth/sign-out-everywhere": signedIn,
    "GET /api/v1/basis": lawReader,
    "GET /api/v1/safe-conduct": lawReader,
    "GET /api/v1/jurisdictions": lawReader,
    "GET /api/v1/classifications": lawReader,
    "GET /api/v1/instruments": lawReader,
    // The directory of central authorities (issue 16 §1): public unless ROGATORY_PUBLIC_DIRECTORY=false
    // (the matrix runs with the default); only administrators write or import it.
    "GET /api/v1/directory": everyone,
    "GET /api/v1/directory/export": everyone,
    "POST /api/v1/directory": roles("administrator"),
    "PUT /api/v1/directory/:id": roles("administrator"),
    "DELETE /api/v1/directory/:id": roles("administrator"),
    "POST /api/v1/directory/import": roles("administrator"),
    "GET /api/v1/instruments/:id": lawReader,
    "GET /api/v1/provisions/:id": lawReader,
    "GET /api/v1/knowledge": lawReader,
    "GET /api/v1/knowledge/translations/:language": lawReader,
    "GET /api/v1/account": signedIn,
    "POST /api/v1/account/password": signedIn,
    "PUT /api/v1/account/language": signedIn,
    "POST /api/v1/account/totp/setup": signedIn,
    "POST /api/v1/account/totp/confirm": signedIn,
    "POST /api/v1/account/totp/remove": signedIn,
    "GET /api/v1/account/sessions": signedIn,
    "DELETE /api/v1/account/sessions/:id": signedIn,
    "GET /api/v1/account/tokens": signedIn,
    "POST /api/v1/account/tokens": signedIn,
    "DELETE /api/v1/account/tokens/:id": signedIn,
    "GET /api/v1/organisations": roles("administrator", "officer", "supervisor"),
    "POST /api/v1/organisations": roles("administrator"),
    "PATCH /api/v1/organisations/:id": roles("administrator"),
    "DELETE /api/v1/organisations/:id": roles("administrator"),
    "GET /api/v1/users": roles("administrator", "officer", "supervisor"),
    "POST /api/v1/users": roles("administrator"),
    "PATCH /api/v1/users/:id": roles("administrator"),
    "POST /api/v1/users/:id/reset": roles("administrator"),
    "POST /api/v1/users/:id/unlock": roles("administrator"),
    "GET /api/v1/audit": roles("administrator", "auditor"),
    "GET /api/v1/audit/verify": roles("administrator", "auditor"),
    "GET /api/v1/cases": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/cases/count": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/cases/export": roles("officer", "supervisor", "auditor"),
    "POST /api/v1/cases": roles("officer", "supervisor"),
    "GET /api/v1/cases/:id": caseReader,
    "PATCH /api/v1/cases/:id": caseWorker,
    "POST /api/v1/cases/:id/measures": caseWorker,
    "PATCH /api/v1/cases/:id/measures/:measureId": caseWorker,
    "POST /api/v1/cases/:id/transitions": caseWorker,
    "POST /api/v1/cases/:id/consultations": caseWorker,
    "POST /api/v1/cases/:id/offences": caseWorker,
    "POST /api/v1/cases/:id/persons": caseWorker,
    "POST /api/v1/cases/:id/correspondence": caseWorker,
    "POST /api/v1/cases/:id/documents": caseWorker,
    "PUT /api/v1/cases/:id/documents": caseWorker,
    "GET /api/v1/cases/:id/documents/:documentId": caseReader,
    "POST /api/v1/cases/:id/evidence": caseWorker,
    "POST /api/v1/cases/:id/evidence/:evidenceId/custody": caseWorker,
    "POST /api/v1/cases/:id/evidence/:evidenceId/uses": caseWorker,
    // Hearings by video link (issue 15 §3) are parts of the case: read and changed as the case is.
    "GET /api/v1/cases/:id/hearings": caseReader,
    "POST /api/v1/cases/:id/hearings": caseWorker,
    "PUT /api/v1/cases/:id/hearings/:hearingId": caseWorker,
    "POST /api/v1/cases/:id/hearings/:hearingId/record": caseWorker,
    "POST /api/v1/cases/:id/hearings/:hearingId/cancel": caseWorker,
    "GET /api/v1/cases/:id/hearings/:hearingId/invitation": caseReader,
    // Criminal assets (issue 15 §1) are parts of the case too; the register lists the cases one may see.
    "GET /api/v1/cases/:id/assets": caseReader,
    "POST /api/v1/cases/:id/assets": caseWorker,
    "POST /api/v1/cases/:id/assets/:assetId/steps": caseWorker,
    "POST /api/v1/cases/:id/assets/:assetId/sharing": caseWorker,
    "POST /api/v1/cases/:id/assets/:assetId/transfers": caseWorker,
    "GET /api/v1/assets": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/assets/export.csv": roles("officer", "supervisor", "auditor"),
    // Statistics (issue 16 §2): who lists cases reads the figures; need-to-know is applied to each figure.
    "GET /api/v1/statistics": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/statistics/export.csv": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/statistics/export.xlsx": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/statistics/report.pdf": roles("officer", "supervisor", "auditor"),
    // Transfer of sentenced persons (issue 15 §2): the engine is law; a transfer case is a case, with its need-to-know.
    "GET /api/v1/tsp/basis": lawReader,
    "GET /api/v1/tsp-cases": roles("officer", "supervisor", "auditor"),
    "POST /api/v1/tsp-cases": roles("officer", "supervisor"),
    "GET /api/v1/tsp-cases/:id": caseReader,
    "PUT /api/v1/tsp-cases/:id/facts": caseWorker,
    "POST /api/v1/tsp-cases/:id/decisions": caseWorker,
    "POST /api/v1/tsp-cases/:id/handover": caseWorker,
    "POST /api/v1/tsp-cases/:id/close": caseWorker,
    "GET /api/v1/assignments": roles("executing"),
    "GET /api/v1/queue": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/cases/:id/bundle": caseReader,
    "POST /api/v1/cases/import": roles("officer", "supervisor"),
    "POST /api/v1/cases/batch": roles("officer", "supervisor"),
    // Drafts are their author's; a draft id that is not yours is answered 404 like an absent one.
    "GET /api/v1/drafts": roles("officer", "supervisor"),
    "POST /api/v1/drafts": roles("officer", "supervisor"),
    "POST /api/v1/drafts/validate": roles("officer", "supervisor"),
    "GET /api/v1/drafts/:id": roles("officer", "supervisor"),
    "PUT /api/v1/drafts/:id": roles("officer", "supervisor"),
    "DELETE /api/v1/drafts/:id": roles("officer", "supervisor"),
    "POST /api/v1/drafts/:id/duplicate": roles("officer", "supervisor"),
    "GET /api/v1/drafts/:id/check": roles("officer", "supervisor"),
    "GET /api/v1/drafts/:id/document": roles("officer", "supervisor"),
    "POST /api/v1/drafts/:id/approve": roles("officer", "supervisor"),
    "POST /api/v1/drafts/:id/documents": roles("officer", "supervisor"),
    // The node's identity is what partners fetch before trusting it (issue 13 §1): public.
    "GET /api/v1/exchange/identity": everyone,
    // Administrators manage partners; case workers see where a case can be sent; auditors read.
    "GET /api/v1/exchange/partners": roles("administrator", "officer", "supervisor", "auditor"),
    "GET /api/v1/exchange/partners/:id": roles("administrator", "officer", "supervisor", "auditor"),
    "POST /api/v1/exchange/partners": roles("administrator"),
    "POST /api/v1/exchange/partners/preview": roles("administrator"),
    "POST /api/v1/exchange/partners/:id/refresh": roles("administrator"),
    "PATCH /api/v1/exchange/partners/:id": roles("administrator"),
    "DELETE /api/v1/exchange/partners/:id": roles("administrator"),
    // Partner nodes post sealed messages, authenticated by their signatures, not sessions; the
    // schemas are published for them.
    "POST /api/v1/exchange/inbox": everyone,
    "POST /api/v1/exchange/chunks": everyone,
    "GET /api/v1/exchange/schemas": everyone,
    "GET /api/v1/exchange/schemas/:kind": everyone,
    // Officers and supervisors send; auditors read threads; administrators inspect the quarantine.
    "POST /api/v1/cases/:id/exchange/send": caseWorker,
    "GET /api/v1/cases/:id/exchange": caseReader,
    "GET /api/v1/exchange/inbox-cases": roles("officer", "supervisor", "auditor"),
    "GET /api/v1/exchange/quarantine": roles("administrator"),
    "GET /api/v1/exchange/quarantine/:id": roles("administrator"),
    // Signed packages (issue 13 §3, without a partner node): exporting sends the case, so it is the
    // case workers'; importing applies a partner's message as the inbox would, for the same people.
    "POST /api/v1/cases/:id/package": caseWorker,
    "POST /api/v1/exchange/packages": roles("officer", "supervisor"),
  };
};
/** The table with the law closed (the default), for the need-to-know checks. */
const EXPECTED = expectedFor(false);

/** The routes of the law, named here rather than read from the route declarations. */
const LAW_ROUTES = [
  "GET /api/v1/basis",
  "GET /api/v1/safe-conduct",
  "GET /api/v1/jurisdictions",
  "GET /api/v1/classifications",
  "GET /api/v1/instruments",
  "GET /api/v1/instruments/:id",
  "GET /api/v1/provisions/:id",
  "GET /api/v1/knowledge",
  "GET /api/v1/knowledge/translations/:language",
  "GET /api/v1/tsp/basis",
];

/** Routes open to anonymous callers whatever the setting: liveness, readiness, the session state, signing in and the node's identity. */
const ANONYMOUS_ROUTES = [
  "GET /api/health",
  "GET /api/ready",
  "GET /api/v1/auth/session",
  "POST /api/v1/auth/sign-in",
  "GET /api/v1/exchange/identity",
  // The directory of central authorities, public by default (ROGATORY_PUBLIC_DIRECTORY).
  "GET /api/v1/directory",
  "GET /api/v1/directory/export",
  // The inbox (POST /api/v1/exchange/inbox) is open too, but answers what is not a sealed message
  // of a trusted partner with 422 and a signed negative receipt, so it never counts as let through here.
  "GET /api/v1/exchange/schemas",
  "GET /api/v1/exchange/schemas/:kind",
];

/** Partner nodes' inbox: open, authenticated by the message's signature. */
const INBOX = "POST /api/v1/exchange/inbox";
/** Partner nodes' chunks of large evidence: open the same way. */
const CHUNKS = "POST /api/v1/exchange/chunks";

/** Routes whose result depends on the case (confidentiality and access list). */
const CASE_SCOPED = new Set(Object.keys(EXPECTED).filter((r) => r.includes("/cases/:id") || r.includes("/tsp-cases/:id")));
/** Routes that end or change the caller's own session: each probe signs in afresh. */
const SESSION_CHANGING = new Set([
  "POST /api/v1/auth/sign-out",
  "POST /api/v1/auth/sign-out-everywhere",
  "DELETE /api/v1/account/sessions/:id",
]);

let t: TestApp;
let users: Record<Role, TestUser>;
let creator: TestUser;
const sessions = new Map<Who, Browser | undefined>();
/** Cases by level and by whether the test users are listed. */
const cases = new Map<
  string,
  { id: string; reference: string; measureId: string; documentId: string; evidenceId: string; hearingId: string; assetId: string }
>();
let target: TestUser;
let counter = 0;

/** A fresh application (with the law open or not), its users, sessions and one case per level and listing. */
async function setUp(publicLaw: boolean): Promise<void> {
  cases.clear();
  sessions.clear();
  t = await startTestApp({ webDir: "/nonexistent", security: { publicLaw }, exchangeEndpoint: "https://rogatory.matrix.test" });
  const orgs = await createOrganisations(t.ctx);
  const make = (role: Role, org: string) =>
    createReadyUser(t.ctx, { email: `${role}@matrix.test`, role, organisationId: org, totp: role !== "executing" && role !== "auditor" });
  users = {
    administrator: await make("administrator", orgs.central),
    officer: await make("officer", orgs.central),
    supervisor: await make("supervisor", orgs.central),
    executing: await make("executing", orgs.executingA),
    auditor: await make("auditor", orgs.central),
  };
  creator = await createReadyUser(t.ctx, { email: "creator@matrix.test", role: "officer", organisationId: orgs.central });
  target = await createReadyUser(t.ctx, { email: "target@matrix.test", role: "officer", organisationId: orgs.central });
  const creatorActor = { userId: creator.id, organisationId: orgs.central, role: "officer" as const, label: "creator" };
  for (const level of LEVELS)
    for (const listed of [false, true]) {
      const c = await createCase(
        t.ctx,
        creatorActor,
        {
          direction: "incoming",
          title: `Matrix ${level} ${listed ? "listed" : "unlisted"}`,
          requesting: "RU",
          requested: "GB",
          confidentiality: level,
          accessList: listed ? Object.values(users).map((u) => u.id) : [],
        },
        { ip: null, userAgent: null },
      );
      // Each case has a measure assigned to the executing user's organisation and one to another.
      const inserted = await t.ctx.db
        .insertInto("case_measure")
        .values([
          {
            case_id: c.id,
            measure: "testimony",
            description: "Hear the witness",
            assigned_organisation_id: orgs.executingA,
            created_at: t.clock.now(),
          },
          {
            case_id: c.id,
            measure: "records",
            description: "Bank records",
            assigned_organisation_id: orgs.executingB,
            created_at: t.clock.now(),
          },
        ])
        .returning("id")
        .execute();
      const creatorCtx = { ip: null, userAgent: null };
      const doc = await addDocument(
        t.ctx,
        creatorActor,
        c.id,
        { version: c.version, kind: "request", filename: "request.txt", contentType: "text/plain", contentBase64: "cmVxdWVzdA==" },
        creatorCtx,
      );
      const withEvidence = readable(
        await addEvidence(
          t.ctx,
          creatorActor,
          c.id,
          {
            version: doc.caseVersion,
            description: "Bank statement",
            documentId: doc.id,
            permittedPurposes: ["the proceedings named in the request"],
            holder: "Clerk",
            receivedOn: "2026-01-05",
          },
          creatorCtx,
        ),
      );
      const withHearing = readable(
        await scheduleHearing(
          t.ctx,
          creatorActor,
          c.id,
          { version: withEvidence.version, measureId: inserted[0]?.id ?? "", ...HEARING },
          creatorCtx,
        ),
      );
      const hearing = await t.ctx.db.selectFrom("case_hearing").select("id").where("case_id", "=", c.id).executeTakeFirstOrThrow();
      expect(withHearing.version).toBe(withEvidence.version + 1);
      await registerAsset(
        t.ctx,
        creatorActor,
        c.id,
        {
          version: withHearing.version,
          kind: "cash",
          description: "Cash seized",
          location: "GB",
          identifiers: {},
          holders: [],
          thirdPartyClaims: [],
        },
        creatorCtx,
      );
      const asset = await t.ctx.db.selectFrom("case_asset").select("id").where("case_id", "=", c.id).executeTakeFirstOrThrow();
      cases.set(`${level}/${listed}`, {
        id: c.id,
        reference: c.reference,
        measureId: inserted[0]?.id ?? "",
        documentId: doc.id,
        evidenceId: withEvidence.evidence[0]?.id ?? "",
        hearingId: hearing.id,
        assetId: asset.id,
      });
    }
  for (const role of Object.keys(users) as Role[]) sessions.set(role, await signIn(t.app, t.clock, users[role]));
  sessions.set("anonymous", undefined);
}

/** A request for the route with parameters and a body that would succeed for an allowed caller. */
function requestFor(route: string, probe: Probe): { url: string; payload?: unknown } {
  const probed = cases.get(`${probe.level}/${probe.listed}`);
  const caseId = probed?.id ?? "";
  counter++;
  const [, path = ""] = route.split(" ");
  const url = path
    .replace("/cases/:id", `/cases/${caseId}`)
    // The probe cases are MLA cases: an allowed caller reaches the case and is told it is not a transfer (400).
    .replace("/tsp-cases/:id", `/tsp-cases/${caseId}`)
    .replace("/measures/:measureId", `/measures/${probed?.measureId ?? ""}`)
    .replace("/documents/:documentId", `/documents/${probed?.documentId ?? ""}`)
    .replace("/evidence/:evidenceId", `/evidence/${probed?.evidenceId ?? ""}`)
    .replace("/hearings/:hearingId", `/hearings/${probed?.hearingId ?? ""}`)
    .replace("/assets/:assetId", `/assets/${probed?.assetId ?? ""}`)
    .replace("/users/:id", `/users/${target.id}`)
    // No such organisation: an allowed caller reaches the look-up (404) and nothing changes.
    .replace("/organisations/:id", "/organisations/00000000-0000-0000-0000-0000000000a1")
    .replace("/instruments/:id", "/instruments/cets-030")
    .replace("/provisions/:id", "/provisions/cets-030:art-2-b")
    .replace("/translations/:language", "/translations/ru")
    .replace("/sessions/:id", "/sessions/0000")
    .replace("/tokens/:id", "/tokens/00000000-0000-0000-0000-000000000000")
    .replace("/drafts/:id", "/drafts/00000000-0000-0000-0000-0000000000d1")
    .replace("/partners/:id", "/partners/00000000-0000-0000-0000-0000000000e1")
    .replace("/schemas/:kind", "/schemas/request")
    .replace("/quarantine/:id", "/quarantine/00000000-0000-0000-0000-0000000000f1")
    // No such entry: an allowed caller reaches the look-up (404) and nothing changes.
    .replace("/directory/:id", "/directory/00000000-0000-0000-0000-0000000000c1");
  const query: Record<string, string> = {
    "GET /api/v1/basis": "?from=US&to=RU&on=2018-07-13",
    "GET /api/v1/safe-conduct": "?basis=us-ru-mlat-1999&released=2019-03-01",
    "GET /api/v1/tsp/basis": "?from=DE&to=FR&on=2024-01-01",
    "GET /api/v1/drafts/:id/document": "?format=pdf",
    "DELETE /api/v1/exchange/partners/:id": "?version=1",
    "DELETE /api/v1/directory/:id": "?version=0",
    "GET /api/v1/directory/export": "?format=csv",
    // No body: an allowed caller reaches the case check, then the empty document is refused (422).
    "PUT /api/v1/cases/:id/documents": "?version=1&kind=reply&filename=reply.bin&contentType=application%2Foctet-stream",
  };
  const bodies: Record<string, unknown> = {
    "POST /api/v1/auth/sign-in": { email: users.auditor.email, password: PASSWORD },
    "POST /api/v1/auth/totp": { code: "000000" },
    // A wrong current password: the route is reached, nothing changes.
    "POST /api/v1/account/password": { current: "not the password", next: "another long passphrase 7" },
    "POST /api/v1/account/totp/confirm": { code: "000000" },
    "POST /api/v1/account/totp/remove": { password: "not the password" },
    "PUT /api/v1/account/language": { language: "fr" },
    "POST /api/v1/account/tokens": { name: `matrix ${counter}`, scopes: ["law:read"] },
    "POST /api/v1/organisations": { name: `Matrix court ${counter}`, kind: "executing_authority" },
    "POST /api/v1/directory": {
      jurisdiction: "GB",
      authority: `Matrix authority ${counter}`,
      source: { document: "Matrix probe (not a real source)" },
      lastChecked: "2026-11-30",
    },
    "PUT /api/v1/directory/:id": {
      version: 0,
      jurisdiction: "GB",
      authority: `Matrix authority ${counter}`,
      source: { document: "Matrix probe (not a real source)" },
      lastChecked: "2026-11-30",
    },
    // Not signed: an allowed caller reaches the check (422) and nothing is written.
    "POST /api/v1/directory/import": { format: "rogatory-directory+jws", jws: "not.a.jws" },
    "POST /api/v1/users": {
      email: `new${counter}@matrix.test`,
      displayName: "New user",
      role: "auditor",
      organisationId: users.auditor.organisationId,
    },
    "PATCH /api/v1/users/:id": { version: 0, displayName: "Target officer" },
    "PATCH /api/v1/organisations/:id": { version: 0, name: "Matrix rename" },
    "POST /api/v1/users/:id/reset": { resetTotp: false },
    "POST /api/v1/cases": {
      direction: "outgoing",
      title: `Probe new ${counter}`,
      requesting: "GB",
      requested: "US",
      confidentiality: "normal",
    },
    "PATCH /api/v1/cases/:id": { version: 0 },
    // Version 0 never matches: an allowed caller reaches the version check (409) and nothing changes.
    "PATCH /api/v1/cases/:id/measures/:measureId": { version: 0, deadline: "2027-01-15" },
    "POST /api/v1/cases/:id/transitions": { action: "register", version: 0 },
    "POST /api/v1/cases/:id/consultations": {
      version: 0,
      heldOn: "2026-01-05",
      channel: "call",
      outcome: "agreed",
      conditionsConsidered: "none possible",
    },
    "POST /api/v1/cases/:id/offences": { version: 0, description: "Fraud", legalProvision: "Art. 159", iccs: "07" },
    "POST /api/v1/cases/:id/persons": { version: 0, role: "witness", name: "A. Witness" },
    "POST /api/v1/cases/:id/correspondence": { version: 0, direction: "in", channel: "e-mail", onDate: "2026-01-05", summary: "Reminder" },
    "POST /api/v1/cases/:id/documents": {
      version: 0,
      kind: "reply",
      filename: "reply.txt",
      contentType: "text/plain",
      contentBase64: "cmVwbHk=",
    },
    "POST /api/v1/cases/:id/evidence": {
      version: 0,
      description: "Probe item",
      permittedPurposes: ["the proceedings named in the request"],
      holder: "Clerk",
      receivedOn: "2026-01-05",
    },
    "POST /api/v1/cases/:id/evidence/:evidenceId/custody": { version: 0, action: "held", holder: "Clerk", onDate: "2026-01-06" },
    "POST /api/v1/cases/:id/evidence/:evidenceId/uses": { version: 0, purpose: "the proceedings named in the request" },
    // A bundle with a wrong digest: an allowed caller reaches the check (422) and nothing is created.
    "POST /api/v1/cases/import": { format: "rogatory-case/1", digest: "0" },
    "POST /api/v1/cases/batch": {
      cases: [{ direction: "incoming", title: `Probe batch ${counter}`, requesting: "RU", requested: "GB", confidentiality: "normal" }],
    },
    "POST /api/v1/cases/:id/measures": { version: 0, measure: "documents", description: "Matrix probe" },
    // Version 0 never matches: an allowed caller reaches the version check (409) and nothing changes.
    "POST /api/v1/cases/:id/hearings": { version: 0, measureId: probed?.measureId, ...HEARING },
    "PUT /api/v1/cases/:id/hearings/:hearingId": { version: 0, ...HEARING },
    "POST /api/v1/cases/:id/hearings/:hearingId/record": { version: 0, outcome: "adjourned" },
    "POST /api/v1/cases/:id/hearings/:hearingId/cancel": { version: 0 },
    "POST /api/v1/cases/:id/assets": {
      version: 0,
      kind: "cash",
      description: "Probe",
      location: "GB",
      identifiers: {},
      holders: [],
      thirdPartyClaims: [],
    },
    "POST /api/v1/cases/:id/assets/:assetId/steps": { version: 0, step: "release", on: "2026-01-06" },
    // A traced asset is not shared nor transferred: an allowed caller is refused by the asset's status (422).
    "POST /api/v1/cases/:id/assets/:assetId/sharing": {
      version: 0,
      basis: "basis",
      reference: "P",
      concludedOn: "2026-01-06",
      costs: "0",
      parts: [{ party: "GB", percent: "100" }],
    },
    "POST /api/v1/cases/:id/assets/:assetId/transfers": {
      version: 0,
      shareId: "00000000-0000-0000-0000-0000000000a2",
      reference: "P",
      on: "2026-01-06",
    },
    "POST /api/v1/tsp-cases": {
      direction: "incoming",
      sentencingState: "DE",
      administeringState: "FR",
      requestedBy: "administering",
      requestDate: "2026-01-05",
      personName: `Probe person ${counter}`,
      confidentiality: "confidential",
    },
    "PUT /api/v1/tsp-cases/:id/facts": { version: 0 },
    "POST /api/v1/tsp-cases/:id/decisions": { version: 0, side: "sentencing", decision: "refused", on: "2026-01-06" },
    "POST /api/v1/tsp-cases/:id/handover": { version: 0, on: "2026-02-01", place: "Airport", escort: "Police" },
    "POST /api/v1/tsp-cases/:id/close": { version: 0, on: "2026-02-01" },
    "POST /api/v1/drafts": { title: `Matrix draft ${counter}` },
    "POST /api/v1/drafts/validate": { content: { requesting: "US", requested: "RU" } },
    "PUT /api/v1/drafts/:id": { version: 1, content: {} },
    // Not a URL: an allowed caller reaches the validation (400) and nothing is fetched or stored.
    "POST /api/v1/exchange/partners": { endpoint: "not a url", fingerprint: "x" },
    "POST /api/v1/exchange/partners/preview": { endpoint: "not a url" },
    // An absent partner: an allowed caller gets 404, nothing changes.
    "PATCH /api/v1/exchange/partners/:id": { status: "suspended", version: 1 },
    // A closing on a case not carried through the exchange: an allowed caller is refused by the case's rules.
    "POST /api/v1/cases/:id/exchange/send": { kind: "closing", version: 1 },
    // An incoming case is never exported as a request: an allowed caller is refused by the case's rules (409).
    "POST /api/v1/cases/:id/package": { version: 1 },
    // Not a zip (JSON): an allowed caller is told to send the package itself (415); nothing is written.
    "POST /api/v1/exchange/packages": { not: "a package" },
  };
  const method = route.split(" ")[0];
  const payload = route in bodies ? bodies[route] : method === "GET" || method === "DELETE" ? undefined : {};
  return { url: `${url}${query[route] ?? ""}`, payload };
}

/** A request counts as let through unless it was refused for who the caller is (401, 403 for role or stage, 404 hiding a case). */
function wasRefused(route: string, status: number, body: { error?: string }): boolean {
  if (status === 401) return true;
  if (status === 403) return body.error === "forbidden" || (body.error ?? "").startsWith("stage_") || body.error === "csrf_failed";
  if (status === 404 && CASE_SCOPED.has(route)) return true;
  return false;
}

async function probe(app: FastifyInstance, route: string, p: Probe): Promise<{ status: number; refused: boolean; body: string }> {
  let session = sessions.get(p.who);
  if (SESSION_CHANGING.has(route) && p.who !== "anonymous") session = await signIn(app, t.clock, users[p.who]);
  const { url, payload } = requestFor(route, p);
  const method = route.split(" ")[0] as "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  const headers: Record<string, string> = session ? { cookie: session.cookie, "x-csrf-token": session.csrf } : {};
  const res = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const body = res.headers["content-type"]?.toString().includes("json") ? (res.json() as { error?: string }) : {};
  if (res.statusCode >= 500) throw new Error(`${route} as ${p.who}: ${res.statusCode} ${res.body}`);
  // Signing out everywhere also ended the shared session of this role: open a new one.
  if (route === "POST /api/v1/auth/sign-out-everywhere" && p.who !== "anonymous")
    sessions.set(p.who, await signIn(app, t.clock, users[p.who]));
  return { status: res.statusCode, refused: wasRefused(route, res.statusCode, body), body: res.body.slice(0, 200) };
}

describe.each([
  { publicLaw: false, setting: "the law closed (default)" },
  { publicLaw: true, setting: "ROGATORY_PUBLIC_LAW=true" },
])("authorisation matrix with $setting", ({ publicLaw }) => {
  const EXPECTED_HERE = expectedFor(publicLaw);
  /** What anonymous callers got on each route, as observed by the matrix. */
  const anonymousStatus = new Map<string, number>();
  beforeAll(async () => setUp(publicLaw));
  afterAll(async () => t?.close());

  it("has an expectation for every route the server registers", () => {
    const registered = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    const missing = registered.filter((r) => !(r in EXPECTED_HERE));
    expect(missing, "routes without an expected policy").toEqual([]);
    expect(registered.length).toBeGreaterThanOrEqual(40);
  });

  it("allows and refuses exactly as the table says, for every route × role × confidentiality level", async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const { method, url } of t.app.apiRoutes) {
      const route = `${method} ${url}`;
      const expected = EXPECTED_HERE[route];
      if (!expected) continue;
      const variants: { level: Confidentiality; listed: boolean }[] = CASE_SCOPED.has(route)
        ? LEVELS.flatMap((level) => [false, true].map((listed) => ({ level, listed })))
        : LEVELS.map((level) => ({ level, listed: false }));
      for (const who of WHO)
        for (const v of variants) {
          const p: Probe = { who, ...v };
          const r = await probe(t.app, route, p);
          checked++;
          if (who === "anonymous") anonymousStatus.set(route, r.status);
          if (r.refused === expected(p))
            mismatches.push(
              `${route} as ${who} (${v.level}${v.listed ? ", listed" : ""}): expected ${expected(p) ? "allow" : "deny"}, got ${r.status} ${r.body}`,
            );
        }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(700);
  }, 300_000);

  it(
    publicLaw
      ? "lets anonymous callers read exactly the law (200) besides sign-in and health, and answers 401 everywhere else"
      : "answers anonymous callers 401 everywhere but sign-in and health, the law included",
    () => {
      const through = [...anonymousStatus]
        .filter(([, status]) => status < 400)
        .map(([route]) => route)
        .sort();
      const expected = [...ANONYMOUS_ROUTES, ...(publicLaw ? LAW_ROUTES : [])].sort();
      expect(through).toEqual(expected);
      for (const route of LAW_ROUTES) expect(anonymousStatus.get(route), route).toBe(publicLaw ? 200 : 401);
      const refused = [...anonymousStatus].filter(([route]) => !expected.includes(route) && route !== INBOX && route !== CHUNKS);
      expect(refused.filter(([, status]) => status !== 401)).toEqual([]);
      // The inbox takes no session: what is not a sealed message of a trusted partner is refused by the inbox itself.
      expect([400, 422]).toContain(anonymousStatus.get(INBOX));
      expect([400, 422]).toContain(anonymousStatus.get(CHUNKS));
      expect(refused.length).toBeGreaterThan(50);
    },
  );
});

describe("need-to-know in lists, search, counts, exports and assignments", () => {
  beforeAll(async () => setUp(false));
  afterAll(async () => t?.close());

  /** The references each role must see in lists: the same table as single reads. */
  const visibleTo = (who: Who) =>
    [...cases.entries()]
      .filter(([key]) => {
        const [level, listed] = key.split("/") as [Confidentiality, string];
        return EXPECTED["GET /api/v1/cases/:id"]?.({ who, level, listed: listed === "true" });
      })
      .map(([, c]) => c.reference)
      .sort();

  it.each(["officer", "supervisor", "auditor"] as const)("%s sees exactly the permitted cases everywhere", async (role) => {
    const s = sessions.get(role);
    const get = (url: string) => t.app.inject({ url, headers: { cookie: s?.cookie ?? "" } });
    const matrixRefs = (list: { reference: string; title: string }[]) =>
      list
        .filter((c) => c.title.startsWith("Matrix "))
        .map((c) => c.reference)
        .sort();
    const want = visibleTo(role);
    expect(matrixRefs((await get("/api/v1/cases")).json().items)).toEqual(want);
    expect(matrixRefs((await get("/api/v1/cases?q=Matrix")).json().items)).toEqual(want);
    // Searching for a strictly confidential case by its exact title finds it only if permitted.
    const hidden = (await get(`/api/v1/cases?q=${encodeURIComponent("Matrix strictly_confidential unlisted")}`)).json().items;
    expect(hidden).toEqual([]);
    const counted = (await get("/api/v1/cases/count?q=Matrix%20")).json();
    expect(counted.total).toBe(want.length);
    const csv = (await get("/api/v1/cases/export?q=Matrix%20")).body.trim().split("\n").slice(1);
    expect(csv.map((line) => line.split(",")[0]).sort()).toEqual(want);
  });

  it("an executing-authority user sees only measures assigned to their organisation, strictly confidential ones only when listed", async () => {
    const s = sessions.get("executing");
    const list = (await t.app.inject({ url: "/api/v1/assignments", headers: { cookie: s?.cookie ?? "" } })).json() as {
      caseReference: string;
      description: string;
    }[];
    const refs = list.map((a) => a.caseReference).sort();
    const want = [...cases.entries()]
      .filter(([key]) => !key.startsWith("strictly_confidential/false"))
      .map(([, c]) => c.reference)
      .sort();
    expect(refs).toEqual(want);
    expect(list.every((a) => a.description === "Hear the witness")).toBe(true);
  });

  it("records reading a confidential case in the audit trail, and not a normal one", async () => {
    const s = sessions.get("officer");
    const read = async (key: string) => {
      const id = cases.get(key)?.id ?? "";
      const before = await t.ctx.db
        .selectFrom("audit_event")
        .select("seq")
        .where("action", "=", "case.read")
        .where("object_id", "=", id)
        .execute();
      await t.app.inject({ url: `/api/v1/cases/${id}`, headers: { cookie: s?.cookie ?? "" } });
      const after = await t.ctx.db
        .selectFrom("audit_event")
        .select("seq")
        .where("action", "=", "case.read")
        .where("object_id", "=", id)
        .execute();
      return after.length - before.length;
    };
    expect(await read("confidential/false")).toBe(1);
    expect(await read("strictly_confidential/true")).toBe(1);
    expect(await read("normal/false")).toBe(0);
  });
});
