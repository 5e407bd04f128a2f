/**
 * Property tests of the workflows on the real database: random sequences of actions (transitions
 * with random grounds, consultations, assignments, execution reports) by officers and supervisors.
 * Whatever the sequence: a case is only ever in a state of its direction's machine, reached by a
 * transition the machine defines; every accepted transition left exactly one audit event and one
 * timeline entry; every refused one changed nothing; the audit chain verifies.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { verifyChain } from "../audit/trail.js";
import { GROUNDS } from "../law/codes.js";
import type { Actor } from "../policies/policy.js";
import { recordConsultation, transition, updateMeasure } from "./casework.js";
import { createCase } from "./commands/open-case.js";
import { readCase, readable } from "./presenter.js";
import { ACTIONS, INCOMING_STATES, OUTGOING_STATES, TRANSITIONS } from "./workflow.js";

let t: TestApp;
let officer: Actor;
let supervisor: Actor;
let court: string;
const client = { ip: null, userAgent: null };

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  court = orgs.executingA;
  const o = await createReadyUser(t.ctx, { email: "prop.officer@ca.test", role: "officer", organisationId: orgs.central });
  const s = await createReadyUser(t.ctx, { email: "prop.supervisor@ca.test", role: "supervisor", organisationId: orgs.central });
  officer = { userId: o.id, organisationId: orgs.central, role: "officer", label: "officer" };
  supervisor = { userId: s.id, organisationId: orgs.central, role: "supervisor", label: "supervisor" };
});
afterAll(async () => t?.close());

type Step =
  | {
      kind: "transition";
      action: string;
      pick: number;
      fromCurrent: boolean;
      bySupervisor: boolean;
      grounds: string[];
      refuseFirst: boolean;
    }
  | { kind: "consult" }
  | { kind: "assign" }
  | { kind: "report"; executed: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("transition" as const),
      // Mostly an action the current state offers (to reach deep states), sometimes any action at all.
      action: fc.constantFrom(...ACTIONS),
      pick: fc.nat(),
      fromCurrent: fc.boolean(),
      bySupervisor: fc.boolean(),
      grounds: fc.subarray([...GROUNDS], { maxLength: 2 }),
      refuseFirst: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "consult" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "assign" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("report" as const), executed: fc.boolean() }) },
);

const count = async (table: "audit_event" | "case_transition") =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("workflow properties", () => {
  it("never leaves the machine, and audits exactly the transitions that happen", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("incoming" as const, "outgoing" as const),
        fc.constantFrom(["US", "RU", "2018-07-13"], ["RU", "GB", "2012-07-02"]),
        fc.array(step, { minLength: 1, maxLength: 20 }),
        async (direction, [requesting, requested, date], steps) => {
          let c = readable(
            await createCase(
              t.ctx,
              officer,
              {
                direction,
                title: "Property case",
                requesting: requesting ?? "US",
                requested: requested ?? "RU",
                requestDate: date,
                confidentiality: "normal",
                measures: [
                  { measure: "testimony", description: "Hear a witness" },
                  { measure: "documents", description: "Company documents" },
                ],
              },
              client,
            ),
          );
          const states: readonly string[] = direction === "incoming" ? INCOMING_STATES : OUTGOING_STATES;
          for (const s of steps) {
            const auditBefore = await count("audit_event");
            const timelineBefore = await count("case_transition");
            const before = c;
            try {
              if (s.kind === "transition") {
                const offered = TRANSITIONS.filter((d) => d.direction === direction && d.from.includes(c.state));
                const action = s.fromCurrent && offered.length > 0 ? (offered[s.pick % offered.length]?.action ?? s.action) : s.action;
                const refused = s.refuseFirst && c.measures[0] ? [c.measures[0].id] : undefined;
                c = readable(
                  await transition(
                    t.ctx,
                    s.bySupervisor ? supervisor : officer,
                    c.id,
                    {
                      action,
                      version: c.version,
                      grounds: s.grounds,
                      reasons: "Reasons stated for the property test.",
                      refusedMeasures: action === "accept" ? refused : undefined,
                    },
                    client,
                  ),
                );
                const def = TRANSITIONS.find((d) => d.direction === direction && d.action === action);
                expect(def?.from).toContain(before.state);
                expect(c.state).toBe(def?.to);
                expect(await count("case_transition")).toBe(timelineBefore + 1);
                expect(await count("audit_event")).toBe(auditBefore + 1);
              } else if (s.kind === "consult") {
                c = readable(
                  await recordConsultation(
                    t.ctx,
                    officer,
                    c.id,
                    {
                      version: c.version,
                      heldOn: date ?? "2018-07-13",
                      channel: "call",
                      outcome: "Consulted",
                      conditionsConsidered: "Conditions considered",
                    },
                    client,
                  ),
                );
                expect(await count("audit_event")).toBe(auditBefore + 1);
              } else {
                const m = c.measures.find((x) => x.status === "accepted" || direction === "outgoing") ?? c.measures[0];
                if (!m) continue;
                c = readable(
                  s.kind === "assign"
                    ? await updateMeasure(t.ctx, officer, c.id, m.id, { version: c.version, assignedOrganisationId: court }, client)
                    : await updateMeasure(
                        t.ctx,
                        officer,
                        c.id,
                        m.id,
                        { version: c.version, status: s.executed ? "executed" : "not_executed" },
                        client,
                      ),
                );
              }
            } catch (err) {
              // A refused step changes nothing: same version, same state, no event, no timeline entry.
              expect((err as { status?: number }).status, String(err)).toBeGreaterThanOrEqual(400);
              expect((err as { status?: number }).status).toBeLessThan(500);
              c = await readCase(t.ctx, officer, c.id, client);
              expect(c.version).toBe(before.version);
              expect(c.state).toBe(before.state);
              expect(await count("audit_event")).toBe(auditBefore);
              expect(await count("case_transition")).toBe(timelineBefore);
            }
            expect(states).toContain(c.state);
          }
        },
      ),
      { numRuns: 40 },
    );
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  }, 240_000);
});
