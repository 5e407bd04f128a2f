/**
 * The server's sentences in the reader's language (issue 14 §8): for every sentence the server sends
 * with its words (a workflow action's "why", a refused transition, a deadline's rule in the queue), the
 * web app's English under that key, with those values, is the server's English sentence, so the two stay
 * in step. That every key exists in the six languages is test/i18n-keys.test.ts's check.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEADLINE_RULES, deadlineRuleWords } from "../../src/cases/deadline-rules.js";
import { FIXED_WORDS, fixedWords } from "../../src/server/fixed-words.js";
import { type CaseFacts, type Refusal, TRANSITIONS, availableActions, check } from "../../src/cases/workflow.js";
import type { BasisAnswer } from "../../src/law/basis.js";
import { i18next } from "../../web/src/i18n/index.js";
import { WORDS_NAMESPACES, say, sayAll } from "../../web/src/serverWords.js";
import { z } from "zod";
import { FIELD_LABELS, type IssueLike, ROUTE_FIELD_LABELS, issueSentence, issueWords } from "../../src/validation/messages.js";
import { email, id, isoDate, jurisdictionCode, text } from "../../src/validation/schemas.js";
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
      ...(["respond_by", "written_confirmation", "measure", "safe_conduct", "custody_return"] as const).map((kind) => ({
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
