/**
 * Reports execution to the requesting node, measure by measure from the case's measure lines
 * (executed: done; not executed: impossible; still accepted: in progress). A final report marks the
 * case executed, which the register allows only when no accepted measure is outstanding.
 */
import type { ExecutionReportBody } from "../messages/index.js";
import { type Sending, notNow, requireLink } from "./sender.js";

export interface ExecutionReportInput {
  final: boolean;
  /** Reasons by our measure id (why a measure was impossible or only partly done). */
  reasons?: Record<string, string>;
  /** Our measure ids done only in part. */
  partlyDone?: string[];
}

export function sendExecutionReport(input: ExecutionReportInput): Sending<"execution_report"> {
  return {
    kind: "execution_report",
    ...(input.final ? { transition: { action: "mark_executed", note: "Execution reported through the exchange." } } : {}),
    summary: `Execution report${input.final ? " (final)" : ""} sent through the exchange.`,
    check(row) {
      if (row.direction !== "incoming") throw notNow("Only the requested state reports execution.");
    },
    async build(trx, row) {
      const link = await requireLink(trx, row.id);
      const refs = (typeof link.measure_refs === "string" ? JSON.parse(link.measure_refs) : link.measure_refs) as Record<string, string>;
      const measures = await trx
        .selectFrom("case_measure")
        .select(["id", "status"])
        .where("case_id", "=", row.id)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      const lines: ExecutionReportBody["measures"] = [];
      for (const m of measures) {
        const ref = refs[m.id];
        if (!ref || m.status === "refused" || m.status === "requested" || m.status === "postponed") continue;
        const outcome =
          m.status === "executed"
            ? input.partlyDone?.includes(m.id)
              ? "partly_done"
              : "done"
            : m.status === "not_executed"
              ? "impossible"
              : "in_progress";
        lines.push({ ref, outcome, reasons: input.reasons?.[m.id]?.trim() || null });
      }
      if (lines.length === 0) throw notNow("No accepted measure of the request to report on.");
      return { measures: lines, final: input.final };
    },
  };
}
