/**
 * The server's sentences in the reader's language (issue 14 §8): for every sentence the server sends
 * with its words (a workflow action's "why", a refused transition, a deadline's rule in the queue), the
 * web app's English under that key, with those values, is the server's English sentence, so the two stay
 * in step. That every key exists in the six languages is test/i18n-keys.test.ts's check.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { notMlaCase } from "../../src/cases/access.js";
import { DEADLINE_RULES, deadlineRuleWords } from "../../src/cases/deadline-rules.js";
import { FIXED_WORDS, fixedWords } from "../../src/server/fixed-words.js";
import { FORCED_CHANGE_WINDOW_MS } from "../../src/accounts/account.js";
import { requestDates } from "../../src/cases/commands/open-case.js";
import { MAX_DOCUMENT_BYTES } from "../../src/cases/evidence.js";
import { checkCaseFields } from "../../src/cases/fields.js";
import { lastChange, staleVersion } from "../../src/cases/version.js";
import { DomainError, conflict, invalid, notADate, worded } from "../../src/errors.js";
import { TOKEN_SCOPES } from "../../src/policies/policy.js";
import { passwordProblem } from "../../src/security/passwords.js";
import { LIMITS } from "../../src/validation/limits.js";
import type { Words } from "../../src/words.js";
import { type CaseFacts, type Refusal, TRANSITIONS, availableActions, check } from "../../src/cases/workflow.js";
import type { BasisAnswer } from "../../src/law/basis.js";
import { TRANSFER_CONDITIONS, type TransferCondition } from "../../src/law/codes.js";
import type { ConditionAnswer, TransferAnswer } from "../../src/law/transfer.js";
import { guardError } from "../../src/transfers/transfers.js";
import { i18next } from "../../web/src/i18n/index.js";
import { WORDS_NAMESPACES, say, sayAll } from "../../web/src/serverWords.js";
import { z } from "zod";
import { identifierProblems } from "../../src/assets/fields.js";
import { REFUSALS } from "../../src/assets/law.js";
import { type SharingError, computeSharing } from "../../src/assets/sharing.js";
import { wrongStatus } from "../../src/assets/write.js";
import { need } from "../../src/assets/commands/record-step.js";
import { RuleError } from "../../src/cases/casework.js";
import { FIELD_LABELS, type IssueLike, ROUTE_FIELD_LABELS, issueSentence, issueWords } from "../../src/validation/messages.js";
import { email, ianaZone, id, instant, isoDate, jurisdictionCode, languageCode, text } from "../../src/validation/schemas.js";
import enCase from "../../web/src/i18n/locales/en/case.json";
import enCases from "../../web/src/i18n/locales/en/cases.json";
import enErrors from "../../web/src/i18n/locales/en/errors.json";

beforeAll(async () => {
  await i18next.changeLanguage("en");
  await i18next.loadNamespaces([...WORDS_NAMESPACES]);
});

const basis = (over: Partial<BasisAnswer> = {}) =>
  ({
    bases: [{ instrument: "x" }],
    refusalGrounds: [{ ground: "essential_interests" }],
    excludedGrounds: [],
    consultationBeforeRefusal: { required: false },
    ...over,
  }) as unknown as BasisAnswer;

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  direction: "incoming",
  state: "under_review",
  basis: basis(),
  consultations: [],
  measures: [{ id: "m1", status: "requested", assigned: false }],
  evidenceCount: 0,
  executionReached: false,
  confidentialityIssue: null,
  ...over,
});

/** Refusals that cover every sentence of the workflow that has words. */
function refusals(): Refusal[] {
  const out: Refusal[] = [];
  const add = (f: CaseFacts, action: string, extra: Record<string, unknown> = {}, role: "officer" | "supervisor" = "supervisor") => {
    const v = check(f, { action, ...extra }, role);
    if (!v.ok) out.push(v);
  };
  add(facts(), "refuse", { reasons: "short" });
  add(facts(), "postpone", {});
  add(facts({ state: "postponed" }), "start_review");
  add(facts({ state: "registered" }), "accept");
  add(facts(), "refuse", {}, "officer");
  add(facts({ basis: null }), "refuse", { reasons: "Long enough reasons." });
  add(facts(), "refuse", { reasons: "Long enough reasons." });
  add(facts({ confidentialityIssue: "pending" }), "accept");
  add(facts(), "accept", { refusedMeasures: ["nope"] });
  add(facts(), "accept", { refusedMeasures: ["m1"] });
  add(facts({ measures: [] }), "accept");
  add(facts({ state: "accepted", confidentialityIssue: "pending" }), "start_execution");
  add(facts({ state: "accepted" }), "start_execution");
  add(facts({ state: "in_execution", measures: [{ id: "m1", status: "accepted", assigned: true }] }), "mark_executed");
  add(facts({ direction: "outgoing", state: "sent" }), "withdraw", { reasons: "no" });
  add(facts({ state: "executed" }), "return_evidence");
  for (const open of [1, 2])
    add(
      facts({
        state: "withdrawn",
        executionReached: true,
        measures: Array.from({ length: open }, (_, i) => ({ id: `m${i}`, status: "requested" as const, assigned: true })),
      }),
      "close",
    );
  add(facts({ direction: "outgoing", state: "draft", basis: null }), "approve");
  add(facts({ direction: "outgoing", state: "draft", measures: [] }), "approve");
  return out;
}

describe("the workflow's sentences in words", () => {
  it("says each in English exactly as the server does, and covers every sentence with words", () => {
    const seen = new Set<string>();
    for (const r of refusals()) {
      expect(r.words, r.message).toBeDefined();
      if (!r.words) continue;
      expect(say(r.words), r.rule).toBe(r.message);
      seen.add(r.words.key.replace(/^case:why\./, ""));
    }
    const keys = Object.keys(enCase.why)
      .filter((k) => k !== "separator")
      .map((k) => k.replace(/_(one|other)$/, ""));
    expect([...seen].sort()).toEqual([...new Set(keys)].sort());
  });

  it("gives the case page's reasons their words", () => {
    const actions = availableActions(facts({ state: "accepted" }), "officer");
    const start = actions.find((a) => a.action === "start_execution");
    expect(start?.whyWords && say(start.whyWords)).toBe(start?.why);
    for (const a of availableActions(facts({ direction: "outgoing", state: "draft" }), "officer"))
      if (a.whyWords) expect(say(a.whyWords)).toBe(a.why);
  });

  it("names every action on the timeline", () => {
    for (const t of TRANSITIONS) expect(i18next.t(`case:timeline.actions.${t.action}`)).toBe(t.action.replace(/_/g, " "));
  });
});

describe("the queue's rules in words", () => {
  it("says each rule in English exactly as the server stores it", () => {
    // As caseDeadlines and refreshDeadlines (deadlines.ts) write them, from DEADLINE_RULES.
    const rows = [
      { kind: "register", rule: DEADLINE_RULES.register(2, "GB") },
      { kind: "register", rule: DEADLINE_RULES.register(1, "DE") },
      { kind: "decide", rule: DEADLINE_RULES.decide(20, "GB") },
      { kind: "send", rule: DEADLINE_RULES.send(5) },
      ...(["respond_by", "written_confirmation", "measure", "safe_conduct", "custody_return", "freeze_expiry"] as const).map((kind) => ({
        kind,
        rule: DEADLINE_RULES[kind],
      })),
    ];
    const kinds = new Set<string>();
    for (const r of rows) {
      const w = deadlineRuleWords(r.kind, r.rule);
      expect(w, r.rule).toBeDefined();
      if (w) expect(say(w)).toBe(r.rule);
      kinds.add(r.kind);
    }
    const keys = Object.keys(enCases.queue.rules).map((k) => k.replace(/_(one|other)$/, ""));
    expect([...kinds].sort()).toEqual([...new Set(keys)].sort());
    // A rule worded otherwise (an older version's) has no words: the queue shows its English.
    expect(deadlineRuleWords("register", "register soon")).toBeUndefined();
  });
});

describe("the API's validation sentences in words", () => {
  it("labels every field the API names as the server does", () => {
    const fields = enErrors.fields as Record<string, unknown>;
    for (const [name, label] of Object.entries(FIELD_LABELS)) expect(fields[name], name).toBe(label);
    expect(fields.audit).toEqual(ROUTE_FIELD_LABELS["/api/v1/audit"]);
    expect(fields.statistics).toEqual(ROUTE_FIELD_LABELS["/api/v1/statistics"]);
  });

  it("says each refused value in English exactly as the server does, for every rule with words", () => {
    const cases: [path: string | PropertyKey[], issue: IssueLike, route?: string][] = [];
    const parse = (schema: z.ZodType, value: unknown, route?: string) => {
      const r = schema.safeParse(value);
      if (!r.success) for (const i of r.error.issues) cases.push([i.path, i as IssueLike, route]);
    };
    const body = z.object({
      title: text({ max: 400, min: 1 }),
      facts: text({ max: 20_000 }),
      password: text({ max: 128, min: 12, trim: false }),
      id: id(),
      on: isoDate(),
      onDate: isoDate(),
      // Dates that do not exist or lie outside the accepted range: each explained in words (src/law/dates.ts).
      heldOn: isoDate(),
      receivedOn: isoDate(),
      requestDate: isoDate(),
      respondBy: isoDate(),
      returnBy: isoDate(),
      answerBy: isoDate(),
      email: email(),
      jurisdiction: jurisdictionCode(),
      urgency: z.enum(["normal", "urgent"]),
      measures: z
        .array(z.object({ description: text({ max: 4, min: 1 }), measure: z.string() }))
        .min(1)
        .max(2),
      documentIds: z.array(id()).min(2),
      limit: z.number().int().min(1).max(100),
      within: z.number().gt(0).lt(366),
      final: z.boolean(),
      scopes: z.array(z.string()),
      note: z.string().nullable(),
      summary: z.string().email(),
      objectId: z.uuid(),
      deadline: z.number().multipleOf(5),
      content: z.union([z.string(), z.number()]),
      kind: z.object({}).strict(),
      penalty: z.date(),
      filename: z.bigint(),
      grounds: z.enum(Array.from({ length: 20 }, (_, i) => `g${i}`) as [string, ...string[]]),
      code: z.string().regex(/^x/),
    });
    parse(body, {
      title: "",
      facts: "x".repeat(20_001),
      password: "short",
      id: "nope",
      on: "",
      onDate: "13/07/2018",
      heldOn: "2018-02-30",
      receivedOn: "2019-02-29",
      requestDate: "2018-13-01",
      respondBy: "2018-01-00",
      returnBy: "1850-01-01",
      answerBy: "2300-01-01",
      email: "nobody",
      jurisdiction: "France",
      urgency: "soon",
      measures: [{ description: "toolong", measure: 3 }, {}, {}],
      documentIds: ["x"],
      limit: 0.5,
      within: 0,
      final: "yes",
      scopes: {},
      note: 5,
      summary: "no",
      objectId: "no",
      deadline: 7,
      content: true,
      kind: { extra: 1 },
      penalty: "2018",
      filename: 1,
      grounds: "none",
      code: "y",
    });
    // Hearings by video link (issue 15 §3): an instant, a time zone and a language code.
    parse(z.object({ startsAt: instant(), requestedZone: ianaZone(), languages: z.array(languageCode()) }), {
      startsAt: "2026-03-09T14:00",
      requestedZone: "+03:00",
      languages: ["xx"],
    });
    parse(body.extend({ measures: z.array(z.string()).max(1) }), { measures: ["a", 1] });
    parse(z.object({ from: isoDate(), actor: z.string(), state: z.string().max(1) }), { from: "x", state: "ab" }, "/api/v1/audit");
    parse(z.number().max(10), 11);
    parse(z.number().min(10), 9);
    parse(z.string().trim().min(2), "a");
    parse(z.string().max(1), "ab");
    parse(z.array(z.string()).max(1), ["a", "b"]);
    parse(z.array(z.string()).min(1), []);
    parse(z.string(), Number.NaN);
    parse(z.object({ within: z.number().lt(366), kind: z.object({}), note: z.null(), title: text({ max: 9 }) }), {
      within: 400,
      kind: "x",
      note: 1,
      title: "a\u0000b",
    });
    cases.push(["scope", { code: "invalid_type", expected: "symbol", message: "Invalid input: expected symbol" }]);
    cases.push(["scope", { code: "custom", message: "Invalid input" }]);
    const seen = new Set<string>();
    for (const [path, issue, route] of cases) {
      const w = issueWords(path, issue, route);
      const english = issueSentence(path, issue, route);
      if (!w) continue;
      expect(say(w), english).toBe(english);
      seen.add(w.key.replace(/^errors:validation\./, ""));
    }
    const all = Object.keys(enErrors.validation).map((k) => k.replace(/_(one|other)$/, ""));
    const unseen = [...new Set(all)].filter((k) => !seen.has(k) && k !== "more");
    expect(unseen).toEqual([]);
    // The one-line summary of more refused fields.
    expect(say({ key: "errors:validation.more", params: { count: 3 } })).toBe("3 more fields are refused too.");
    // A field without a label of its own, or a rule without words, leaves the English to stand.
    expect(issueWords("unheardOf", { code: "too_big", origin: "string", maximum: 3 })).toBeUndefined();
    expect(issueWords("title", { code: "custom", message: "must be a SHA-256 digest: 64 hexadecimal digits" })).toBeUndefined();
  });
});

describe("the server's fixed sentences in words", () => {
  it("says each in English exactly as the server does, and has a key for each", () => {
    for (const message of Object.keys(FIXED_WORDS)) {
      const words = fixedWords(message);
      expect(words && sayAll(words), message).toBe(message);
    }
    expect(Object.keys(enErrors.server).sort()).toEqual(Object.values(FIXED_WORDS).sort());
    expect(fixedWords("Some sentence of its own.")).toBeUndefined();
  });
});

/** What an error raised: its words and its English sentence. */
const raised = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("nothing was raised");
};

/**
 * The domain errors with words (errors:domain.*), each built as the code builds it: by calling the
 * function that raises it where it is pure, otherwise with the same sentence and values as the code.
 */
/** The transfer cases' refusals (src/transfers/transfers.ts): each guard for each condition, and the plain ones. */
function transferErrors(): DomainError[] {
  const law = { from: "DE", to: "FR", on: "2024-01-10", outcome: "blocked", conditions: [] } as unknown as TransferAnswer;
  const condition = (c: TransferCondition, status: "not_met" | "unknown") =>
    ({ condition: c, status, provision: "ets-112:art-3-1-c", cite: "Transfer Convention (1983), Art. 3(1)(c)" }) as ConditionAnswer;
  const errs: DomainError[] = [];
  for (const step of ["agree", "hand over"] as const) {
    errs.push(guardError(step, law, "no_basis"));
    for (const c of TRANSFER_CONDITIONS)
      for (const status of ["not_met", "unknown"] as const) errs.push(guardError(step, law, condition(c, status)));
  }
  errs.push(
    worded(invalid("id", "This case is not a transfer of a sentenced person.", "not_a_transfer"), "notATransfer"),
    worded(invalid("administeringState", "The administering state must differ from the sentencing state."), "transferSameState"),
    worded(invalid("version", "The facts of a transfer are recorded while it is open or agreed."), "transferEnded"),
    worded(invalid("servedAsOf", "Time served needs both the days served and the date they were counted on."), "servedNeedsBoth"),
    worded(invalid("finalOn", "A judgment cannot become final before it is given."), "finalBeforeJudgment"),
    worded(invalid("on", "A decision cannot come before the request."), "decisionBeforeRequest"),
    worded(
      invalid(
        "enforcement",
        "The administering state agrees either to continue the enforcement or to convert the sentence (ETS 112 art. 9).",
      ),
      "enforcementRequired",
    ),
    worded(conflict("version", "The handover follows both states' agreement."), "handoverNotAgreed"),
    worded(invalid("on", "The handover cannot come before the decisions."), "handoverBeforeDecision"),
    worded(conflict("version", "The transfer case is already closed."), "transferClosed"),
    worded(
      invalid(
        "confidentiality",
        "A transfer of a sentenced person stays confidential or strictly confidential: its file is personal and sensitive.",
      ),
      "transferConfidential",
    ),
    notMlaCase(),
    ...(["sentencing", "administering"] as const).map((side) =>
      worded(
        conflict("side", `The ${side} state's decision is already recorded, or the transfer is no longer open.`),
        `transferDecided.${side}`,
      ),
    ),
  );
  return errs;
}

function domainErrors(): DomainError[] {
  const now = new Date("2024-03-01T12:00:00Z");
  const incoming = { direction: "incoming" as const };
  const users = (u: number) => `${u} ${u === 1 ? "user" : "users"}`;
  const measures = (m: number) => `${m} ${m === 1 ? "measure" : "measures"}`;
  const name = "Police Unit (test)";
  const errs: DomainError[] = [
    notADate("heldOn", "13/07/2018"),
    raised(() => requestDates({ ...incoming, requestDate: "2024-03-09", receivedOn: null }, now)),
    raised(() => requestDates({ ...incoming, requestDate: "2024-02-01", receivedOn: "2024-03-09" }, now)),
    raised(() => requestDates({ ...incoming, requestDate: "2024-02-10", receivedOn: "2024-02-01" }, now)),
    raised(() => checkCaseFields({ title: "A title", requesting: "XX", requested: "FR", confidentiality: "normal" })),
    staleVersion(3, 5),
    // casework.ts: a measure reported executed outside execution.
    ...["under_review", "refused_by_partner"].map(
      (state) =>
        new DomainError(
          422,
          "not_in_execution",
          `Measures are reported executed while the case is in execution, or after it was withdrawn (it is "${state.replace(/_/g, " ")}").`,
        ),
    ),
    worded(invalid("assignedOrganisationId", `${name} is retired: assign the measure to an authority in use.`), "authorityRetired", {
      name,
    }),
    worded(
      new DomainError(413, "document_too_large", `Documents are limited to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`),
      "documentTooLarge",
      {
        mb: MAX_DOCUMENT_BYTES / 1024 / 1024,
      },
    ),
    worded(
      new DomainError(409, "document_integrity", "Chunk 3 of a stored document no longer matches its SHA-256; it was altered."),
      "chunkAltered",
      {
        chunk: 3,
      },
    ),
    worded(new DomainError(409, "document_integrity", "Chunk 0 of a stored document is missing."), "chunkMissing", { chunk: 0 }),
    worded(invalid("accessList", `"nope" is not a user id.`), "notAUserId", { value: "nope" }),
    worded(invalid("accessList", "No active user with id a, b."), "noActiveUser", { ids: "a, b" }),
    worded(
      invalid("basisInstrument", `"ECMA" is not an applicable basis between GB and US on 2024-02-01; applicable: UNTOC, UNCAC.`),
      "basisNotApplicable",
      { instrument: "ECMA", requesting: "GB", requested: "US", date: "2024-02-01", bases: "UNTOC, UNCAC" },
    ),
    worded(
      invalid(
        "current",
        `You signed in more than ${FORCED_CHANGE_WINDOW_MS / 60_000} minutes ago: type the one-time password again to choose your own.`,
      ),
      "signedInTooLongAgo",
      { count: FORCED_CHANGE_WINDOW_MS / 60_000 },
    ),
    worded(
      new DomainError(
        429,
        "account_locked",
        `Too many failed attempts: sign-in to this account is locked until ${new Date("2024-03-01T12:34:56Z").toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      ),
      "accountLocked",
      { until: "2024-03-01T12:34:56.000Z" },
    ),
    worded(invalid("scopes", `Choose at least one scope: ${TOKEN_SCOPES.join(", ")}.`), "chooseScope", { scopes: TOKEN_SCOPES.join(", ") }),
    worded(invalid("name", `The organisation's name can be at most ${LIMITS.organisationName} characters.`), "organisationNameLong", {
      number: LIMITS.organisationName,
    }),
    worded(
      invalid("jurisdiction", `The jurisdiction "XX" is not a state or territory this knowledge base knows.`),
      "unknownJurisdictionOf",
      {
        value: "XX",
      },
    ),
    worded(conflict("name", `An organisation named "${name}" already exists.`), "organisationExists", { name }),
    worded(
      conflict(
        "version",
        "Someone else changed this organisation since you opened the list (your version 2, now 3); reload to see their change.",
      ),
      "organisationChanged",
      { yours: 2, now: 3 },
    ),
    ...[1, 4].map((active) =>
      worded(
        conflict(
          "retired",
          `${name} still has ${active === 1 ? "1 user who can" : `${active} users who can`} sign in: disable them or move them to another organisation first.`,
        ),
        "organisationHasUsers",
        { name, count: active },
      ),
    ),
    ...[1, 2].flatMap((n) => [
      worded(
        conflict(
          "id",
          `${name} cannot be deleted: ${users(n)} ${n === 1 ? "refers" : "refer"} to it. Retire it instead; its history stays.`,
        ),
        "organisationUsersReferTo",
        {
          name,
          count: n,
        },
      ),
      worded(
        conflict(
          "id",
          `${name} cannot be deleted: ${measures(n)} ${n === 1 ? "refers" : "refer"} to it. Retire it instead; its history stays.`,
        ),
        "organisationMeasuresReferTo",
        { name, count: n },
      ),
    ]),
    worded(invalid("organisationId", `${name} is retired: choose an organisation in use.`), "organisationRetired", { name }),
    worded(conflict("email", "A user with the email a@b.org already exists."), "userExists", { email: "a@b.org" }),
    worded(
      conflict("version", "Someone else changed this user since you opened the list (your version 1, now 2); reload to see their change."),
      "userChanged",
      { yours: 1, now: 2 },
    ),
    worded(conflict("version", "The draft was saved elsewhere (version 4, yours 3); reload it first."), "draftChanged", {
      now: 4,
      yours: 3,
    }),
    worded(conflict("version", "The draft was saved elsewhere (yours 3); reload it first."), "draftChangedYours", { yours: 3 }),
    worded(
      conflict("version", "The draft was saved elsewhere (version 4, yours 3); reload it before saving."),
      "draftChangedBeforeSaving",
      {
        now: 4,
        yours: 3,
      },
    ),
    worded(conflict("id", "This draft already became case MLA-2024-0001."), "draftBecameCase", { reference: "MLA-2024-0001" }),
    worded(
      invalid("endpoint", `"nowhere" is not a URL; give the partner node's base address, e.g. https://rogatory.example.org`),
      "notAUrl",
      { value: "nowhere" },
    ),
    worded(conflict("version", "The partner changed since you read it (version 7); reload and try again."), "partnerChanged", {
      version: 7,
    }),
    worded(
      new DomainError(502, "partner_unreachable", "The partner's node at https://x.example answered 404 for its identity."),
      "partnerAnswered",
      { endpoint: "https://x.example", status: 404 },
    ),
    worded(new DomainError(404, "not_found", "No document d1 in this case."), "noDocument", { id: "d1" }),
    worded(
      new DomainError(409, "document_corrupt", "Document a.pdf no longer matches its SHA-256; it cannot be sent."),
      "documentCorrupt",
      {
        filename: "a.pdf",
      },
    ),
    worded(new DomainError(409, "document_corrupt", "Document a.pdf is not stored whole; it cannot be sent."), "documentNotWhole", {
      filename: "a.pdf",
    }),
  ];
  // Criminal assets (src/assets): identifiers, steps under the law's guard, sharing.
  for (const problem of identifierProblems({ iban: "DE00", imo: "1234568", vin: "IOQ", wallet: "x" }))
    errs.push(worded(invalid(problem.field, problem.message), problem.key));
  errs.push(
    worded(invalid("identifiers.wallet", identifierProblems({ chain: "ethereum", wallet: "0x12" })[0]?.message ?? ""), "walletInvalid"),
  );
  for (const [key, message] of Object.entries(REFUSALS))
    errs.push(new RuleError("asset_step_not_provided", message, "step", undefined, undefined, { key: `errors:domain.${key}` }));
  errs.push(wrongStatus("frozen", "share"), wrongStatus("released", "transfer"));
  for (const field of ["order", "expiresOn", "final", "amount", "recipient", "reference"] as const) errs.push(need(field));
  errs.push(
    worded(new DomainError(404, "not_found", "No such asset in this case."), "noSuchAsset"),
    worded(invalid("expiresOn", "The order cannot expire before it was made."), "assetExpiresBeforeOrder"),
    new RuleError(
      "asset_under_appeal",
      "The confiscation order is under appeal: the asset is realised once the order is final.",
      "step",
      undefined,
      undefined,
      {
        key: "errors:domain.assetUnderAppeal",
      },
    ),
    worded(
      invalid("instrumentId", "An arrangement must be named: choose the instrument recorded in the knowledge base."),
      "assetArrangementMissing",
    ),
    worded(invalid("instrumentId", '"x-y" is not an instrument in the knowledge base.'), "assetArrangementUnknown", { value: "x-y" }),
    worded(new DomainError(404, "not_found", "No such share of this asset."), "noSuchShare"),
    worded(invalid("shareId", "This share's transfer is already recorded."), "shareAlreadyTransferred"),
  );
  for (const input of [
    { currency: "EUR", gross: "10", costs: "0", parts: [{ party: "A", percent: "60" }] },
    { currency: "EUR", gross: "10", costs: "11", parts: [{ party: "A", percent: "100" }] },
    { currency: "EUR", gross: "1e3", costs: "0", parts: [{ party: "A", percent: "100" }] },
    { currency: "EUR", gross: "10", costs: "0", parts: [] },
  ]) {
    try {
      computeSharing(input);
    } catch (e) {
      const se = e as SharingError;
      const key = {
        percent_total: "sharePercentTotal",
        costs_exceed: "shareCostsExceed",
        bad_amount: "shareAmount",
        no_parts: "shareNoParts",
      }[se.rule];
      errs.push(worded(invalid(se.field, se.message), key, se.params));
    }
  }
  // Hearings by video link (src/hearings/hearings.ts).
  errs.push(
    worded(invalid("requestedZone", '"Europe/Mars" is not a time zone (an IANA name such as Europe/Moscow).'), "notATimeZone", {
      value: "Europe/Mars",
    }),
    worded(invalid("endsAt", "The hearing must end after it starts."), "hearingEndsBeforeStart"),
    worded(invalid("endsAt", "A hearing lasts at most 12 hours."), "hearingTooLong", { hours: 12 }),
    worded(new DomainError(404, "not_found", "No such hearing in this case."), "noSuchHearing"),
  );
  for (const [key, message, params] of [
    ["hearingCaseEnded", 'Hearings are scheduled while the case is open (it is "closed").', { state: "closed" }],
    ["hearingClosed", "This hearing is witness refused; it can no longer be changed.", { hearingStatus: "witness_refused" }],
    [
      "hearingMeasureKind",
      'A hearing by video link takes testimony or statements; this measure is "search seizure".',
      { measure: "search_seizure" },
    ],
    ["hearingMeasureEnded", "This measure is not executed: no hearing can be scheduled for it.", { measureStatus: "not_executed" }],
  ] as const) {
    const e = new DomainError(422, "rule", message);
    e.words = { key: `errors:domain.${key}`, params };
    errs.push(e);
  }
  // casework.ts gives the not-in-execution refusal its words as a RuleError's sixth argument.
  for (const e of errs)
    if (e.code === "not_in_execution") {
      const state = /it is "(.+)"/.exec(e.message)?.[1]?.replace(/ /g, "_") ?? "";
      e.words = { key: "errors:domain.notInExecution", params: { state } };
    }
  // evidence.ts: a use beyond the permitted purposes, with and without the rule's citation.
  for (const cite of [undefined, "Art. 23 EU MLA Convention"])
    errs.push(
      worded(
        new DomainError(
          422,
          "use_consent_required",
          `"tax" is not among the purposes this evidence was given for (trial; appeal); record the supplying state's consent first${cite ? ` (${cite})` : ""}.`,
        ),
        cite ? "useConsentRequiredCite" : "useConsentRequired",
        { purpose: "tax", purposes: "trial; appeal", ...(cite ? { cite } : {}) },
      ),
    );
  return errs;
}

/** A case's last change, as lastChangeOf reads it from the audit trail, for each kind of change. */
function caseConflicts(): DomainError[] {
  const at = new Date("2024-03-01T09:30:00Z");
  const event = (action: string, summary: unknown = null) => ({ actor_label: "Anna Officer", action, summary, at });
  const events = [
    ...[
      "consultation",
      "offence_add",
      "person_add",
      "measure_add",
      "measure_update",
      "correspondence",
      "document_add",
      "evidence_add",
      "custody",
      "evidence_use",
      "exchange_package",
      "exchange_package_import",
      "hearing_schedule",
      "hearing_change",
      "hearing_cancel",
      "hearing_record",
      "asset_register",
      "asset_step",
      "asset_sharing",
      "asset_transfer",
      "transfer_facts",
      "transfer_agree_sentencing",
      "transfer_agree_administering",
      "transfer_refuse_sentencing",
      "transfer_refuse_administering",
      "transfer_handover",
      "transfer_close",
    ].map((a) => event(`case.${a}`)),
    event("case.update", { title: {}, accessList: {} }),
    event("case.update", JSON.stringify({ confidentiality: {}, basis: {}, title: {} })),
    event("case.update", { somethingElse: {} }),
    ...TRANSITIONS.map((t) => event(`case.${t.action}`)),
  ];
  return events.map((e) => staleVersion(2, 3, lastChange(e)));
}

describe("the domain errors' sentences in words", () => {
  it("says each in English exactly as the server does, and covers every key", () => {
    const seen = new Set<string>();
    for (const err of [...domainErrors(), ...caseConflicts(), ...transferErrors()]) {
      expect(err.words, err.message).toBeDefined();
      const w = err.words as Words;
      expect(say(w), err.message).toBe(err.message);
      seen.add(w.key.replace(/^errors:domain\./, ""));
      if (typeof w.params?.change === "string") seen.add(`changes.${w.params.change}`);
    }
    const domain = enErrors.domain as Record<string, unknown>;
    // Nested keys (transferNotMet.agree.national) are named whole, as the errors name them.
    const leaves = (o: Record<string, unknown>, prefix = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "string" ? [`${prefix}${k}`] : leaves(v as Record<string, unknown>, `${prefix}${k}.`),
      );
    const keys = leaves(Object.fromEntries(Object.entries(domain).filter(([k]) => k !== "and" && k !== "changes"))).map((k) =>
      k.replace(/_(one|other)$/, ""),
    );
    const changes = Object.keys(domain.changes as object).map((k) => `changes.${k}`);
    expect([...seen].sort()).toEqual([...new Set([...keys, ...changes])].sort());
  });

  it("leaves a change it has no words for (an exchange event) in English", () => {
    const e = staleVersion(2, 3, lastChange({ actor_label: "Node", action: "case.exchange_receive", summary: null, at: new Date() }));
    expect(e.message).toContain("took the action “exchange receive”");
    expect(e.words).toBeUndefined();
  });

  it("says the new password's problems as fixed sentences", () => {
    for (const [password, mail] of [
      ["short", "a@b.org"],
      ["x".repeat(300), "a@b.org"],
      ["longenough-officer1", "officer1@b.org"],
      ["aaaaaaaaaaaabbbb", "a@b.org"],
    ] as const) {
      const problem = passwordProblem(password, mail);
      expect(problem).not.toBeNull();
      const message = `The new password ${problem}.`;
      const words = fixedWords(message);
      expect(words && sayAll(words), message).toBe(message);
    }
  });

  it("names states, dates and codes in the reader's language", async () => {
    try {
      await i18next.changeLanguage("fr");
      await i18next.loadNamespaces([...WORDS_NAMESPACES]);
      const late = raised(() =>
        requestDates({ direction: "incoming", requestDate: "2024-03-09", receivedOn: null }, new Date("2024-03-01T12:00:00Z")),
      );
      expect(say(late.words as Words)).toMatch(
        /^La date de la demande ne peut pas être dans le futur \(elle est du 9 mars 2024 ; nous sommes le 1 mars 2024\)\.$/,
      );
      const conflicted = staleVersion(
        2,
        3,
        lastChange({
          actor_label: "Anna",
          action: "case.update",
          summary: { title: {}, accessList: {} },
          at: new Date("2024-03-01T09:30:00Z"),
        }),
      );
      const said = say(conflicted.words as Words) ?? "";
      expect(said).toContain("Anna a modifié le titre et la liste d'accès le");
      expect(said).not.toMatch(/\{\{|errors:/);
      const executed = domainErrors().find((e) => e.code === "not_in_execution");
      expect(say(executed?.words as Words)).toContain("« en cours d'examen »");
      // A day that does not exist, with the month as French writes it: "30 February 2018 does not exist".
      expect(say({ key: "errors:validation.dateNoSuchDay", params: { field: "requestDate", impossible: "2018-02-30", year: 2018 } })).toBe(
        "La date de la demande : le 30 février 2018 n’existe pas.",
      );
    } finally {
      await i18next.changeLanguage("en");
    }
  });
});
