/** Plain-text rendering of engine answers for the terminal. */
import type { BasisAnswer } from "../law/basis.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import type { SafeConductEnd } from "../law/safe-conduct.js";
import { groupByGround } from "../law/short-answer.js";
import type { TransferAnswer } from "../law/transfer.js";
import { basisWarnings, citeLabel, languageStatus } from "../law/warnings.js";

const MODE_WORDS = {
  obligatory: "the requested state must give it",
  discretionary: "at the requested state's discretion",
  conditional: "only on the conditions the text sets",
} as const;

/**
 * The basis answer as a readable report: what the data cannot vouch for first, then the answer. Citations
 * read as instrument and article, labelled where the article number was not checked.
 */
export function formatBasis(kb: KnowledgeBase, a: BasisAnswer): string {
  const out: string[] = [];
  const cite = (c: { provision: string; cite: string }) => citeLabel(kb, c);
  out.push(`Legal basis for a request from ${a.from} to ${a.to} on ${a.on}${a.offence ? ` (offence: ${a.offence})` : ""}`);
  out.push("");
  const warnings = basisWarnings(kb, a);
  if (warnings.length > 0) {
    out.push("Check before relying on this answer:");
    for (const w of warnings) out.push(`  ! ${w.message}`);
    out.push("");
  }
  out.push("Bases, in order of precedence:");
  for (const b of a.bases)
    out.push(
      `  ${b.rank}. ${b.title} [${b.instrument}, ${b.kind}]${b.inForceSince ? `, in force between them since ${b.inForceSince}` : ""}${b.statusAsOf ? ` (party status as recorded on ${b.statusAsOf})` : ""}${b.precedence ? `\n     ${b.precedence}` : ""}${b.condition ? `\n     ${b.condition}` : ""}`,
    );
  if (a.unconfirmed.length > 0) {
    out.push("");
    out.push("Recorded, but not known to be in force (check before relying on it):");
    for (const u of a.unconfirmed)
      out.push(
        `  - ${u.title} [${u.instrument}]: ${u.reason}${u.yields.length > 0 ? `\n     if it is in force, the paragraphs governed by ${u.yields.join(", ")} yield to it` : ""}`,
      );
  }
  out.push("");
  out.push("Not applicable:");
  for (const n of a.notApplicable) out.push(`  - ${n.instrument}: ${n.reason}`);
  out.push("");
  out.push("Measures:");
  for (const m of a.measures) {
    out.push(
      `  - ${m.measure}: ${m.available && m.provision && m.cite ? `available (${MODE_WORDS[m.mode ?? "obligatory"]}${m.catchAll ? ", under the catch-all clause" : ""}) — ${cite({ provision: m.provision, cite: m.cite })}` : "not provided by any basis"}`,
    );
    if (m.terms) out.push(`      on these terms: ${m.terms}`);
    for (const c of m.conditions ?? []) out.push(`      conditions: ${c.conditions.join(", ")} — ${cite(c)}`);
  }
  out.push("");
  out.push("Refusal grounds:");
  // A ground several bases provide is one line with all its citations.
  for (const g of groupByGround(a.refusalGrounds))
    out.push(
      `  - ${g.ground}: ${g.entries.map((e) => `${e.kind}${e.from === "reservation" ? ", by reservation" : ""} — ${cite(e)}`).join("; ")}`,
    );
  if (a.excludedGrounds.length > 0) {
    out.push("Grounds that may NOT be invoked:");
    for (const g of groupByGround(a.excludedGrounds)) out.push(`  - ${g.ground} — ${g.entries.map(cite).join("; ")}`);
  }
  out.push("");
  const c = a.consultationBeforeRefusal;
  out.push(
    `Consultation before refusal: ${c.required && c.provision && c.cite ? `required${c.beforePostponement ? " (and before postponement)" : ""} — ${cite({ provision: c.provision, cite: c.cite })}` : `not required (${c.reason})`}`,
  );
  // "Not recorded" unless a provision says what the language is, or that none is required.
  out.push(`Language: ${languageStatus(kb, a).sentence}`);
  if (a.safeConduct) {
    const s = a.safeConduct;
    out.push(`Safe conduct: ${s.days} days${s.maxDays ? `, extendable to ${s.maxDays}` : ""} — ${cite(s)}; ${s.prevails}`);
    for (const alt of s.alternatives) out.push(`  also: ${alt.days} days — ${cite(alt)} (${alt.why})`);
  }
  if (a.requirements.length > 0) {
    out.push("");
    out.push("The request must contain:");
    for (const r of a.requirements)
      out.push(`  - ${r.item}${r.level === "advised" ? " (advised)" : ""} — ${r.citations.map(cite).join("; ")}`);
  }
  if (a.reservations.length > 0) {
    out.push("");
    out.push(`Reservations and declarations of ${a.to}:`);
    for (const r of a.reservations) out.push(`  - ${r.cite}: ${r.summary}`);
  }
  return out.join("\n");
}

/** The safe-conduct answer as one paragraph. */
export function formatSafeConduct(s: SafeConductEnd): string {
  return `Safe conduct under ${s.basis} ends on ${s.ends}: ${s.days} days after ${s.released}${s.extended ? " (extended)" : ""} — ${s.cite}.`;
}

const STATUS_WORDS = { met: "met", not_met: "NOT MET", unknown: "not yet known" } as const;

/** The transfer engine's answer as text: the governing instrument, each condition with its article and status, and why other instruments do not apply. */
export function formatTransfer(a: TransferAnswer): string {
  const lines: string[] = [`Transfer of a person sentenced in ${a.from} to ${a.to}, request of ${a.on}`];
  if (a.bases.length === 0) lines.push("No instrument on the transfer of sentenced persons binds both states on this date.");
  for (const b of a.bases) {
    lines.push(`Basis ${b.rank}: ${b.title} (${b.kind}${b.inForceSince ? `, in force for both since ${b.inForceSince}` : ""})`);
    for (const p of b.protocols) lines.push(`  with ${p.title}${p.inForceSince ? ` (in force for both since ${p.inForceSince})` : ""}`);
    if (b.conditionsUntranscribed) lines.push("  Its conditions are not transcribed: read the treaty.");
  }
  if (a.conditions.length > 0) lines.push("Conditions:");
  for (const c of a.conditions)
    lines.push(`  [${STATUS_WORDS[c.status]}] ${c.cite}: ${c.summary}`, `      ${c.reason}${c.by ? ` (${c.by.cite})` : ""}`);
  for (const d of a.bases[0]?.consentDispensed ?? []) lines.push(`  Consent not required: ${d.cite}: ${d.summary}`);
  const outcome = {
    no_basis: "No basis: the transfer cannot be made under a recorded instrument.",
    blocked: "Blocked: a condition is not met.",
    open: "Open: no condition fails, but some are not yet known.",
    met: "Every condition is met.",
  }[a.outcome];
  lines.push(outcome);
  if (a.notApplicable.length > 0) lines.push("Not applicable:");
  for (const n of a.notApplicable) lines.push(`  ${n.instrument}: ${n.reason}`);
  return lines.join("\n");
}
