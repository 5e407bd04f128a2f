/**
 * Decides on an incoming request and notifies the requesting node: acceptance (whole, or partial
 * with the measures refused), refusal or postponement go through the register's guards (grounds the
 * basis provides, consultation first where it requires one); the notice written with the decision
 * travels with it.
 */
import type { Ground } from "../../law/codes.js";
import type { DecisionBody } from "../messages/index.js";
import { type Sending, notNow, requireLink } from "./sender.js";

export interface DecisionInput {
  outcome: "accepted" | "refused" | "postponed" | "partially_refused";
  grounds?: Ground[];
  reasons?: string;
  /** Our measure ids, for a partial refusal. */
  refusedMeasures?: string[];
}

const ACTION = { accepted: "accept", partially_refused: "accept", refused: "refuse", postponed: "postpone" } as const;

export function sendDecision(input: DecisionInput): Sending<"decision"> {
  if (input.outcome === "partially_refused" && !input.refusedMeasures?.length)
    throw notNow("A partial refusal names the measures refused (refusedMeasures).");
  if (input.outcome === "accepted" && input.refusedMeasures?.length) throw notNow("Measures refused make the decision a partial refusal.");
  return {
    kind: "decision",
    transition: {
      action: ACTION[input.outcome],
      grounds: input.grounds,
      reasons: input.reasons,
      refusedMeasures: input.refusedMeasures,
      note: "Decision sent through the exchange.",
    },
    summary: `Decision (${input.outcome.replace(/_/g, " ")}) sent through the exchange.`,
    check(row) {
      if (row.direction !== "incoming") throw notNow("Only the requested state decides on a request.");
    },
    async build(trx, row, after) {
      const link = await requireLink(trx, row.id);
      const refs = (typeof link.measure_refs === "string" ? JSON.parse(link.measure_refs) : link.measure_refs) as Record<string, string>;
      const decision = after.decisionId
        ? await trx
            .selectFrom("case_decision")
            .select(["grounds", "reasons", "notice"])
            .where("id", "=", after.decisionId)
            .executeTakeFirst()
        : undefined;
      const grounds = (
        decision ? (typeof decision.grounds === "string" ? JSON.parse(decision.grounds) : decision.grounds) : []
      ) as DecisionBody["grounds"];
      return {
        outcome: input.outcome,
        grounds: grounds.map((g) => ({
          ground: g.ground,
          ...(g.provision ? { provision: g.provision } : {}),
          ...(g.cite ? { cite: g.cite } : {}),
        })),
        reasons: decision?.reasons ?? input.reasons?.trim() ?? null,
        notice: decision?.notice ?? null,
        refusedMeasures: (input.refusedMeasures ?? []).map((id) => {
          const ref = refs[id];
          if (!ref) throw notNow(`Measure ${id} did not come with the request; it cannot be named to the requesting state.`);
          return ref;
        }),
      };
    },
  };
}
