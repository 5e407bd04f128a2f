/** What the knowledge base covers: provision kinds per instrument, and parties whose dates are unknown. */
import { PROVISION_KINDS, type ProvisionKind } from "../law/codes.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import type { PartyField, Source } from "../law/schema.js";
import { computeInForce, fieldValue } from "./partyImport.js";

export interface InstrumentCoverage {
  instrument: string;
  kinds: Partial<Record<ProvisionKind, number>>;
  provisions: number;
  parties: number;
  partiesWithCompleteDates: number;
  participantsInSource: number | null;
  complete: boolean;
  statusAsOf: string | null;
}

/** Per parties file: how the in-force dates were established. */
export interface PartyStatusCoverage {
  instrument: string;
  recorded: number;
  /** In-force date stated by a source. */
  stated: number;
  /** In-force date derived by the convention's rule (`inForceComputed`). */
  computed: number;
  /** Signed, no consent recorded. */
  signatoriesOnly: number;
  /** Consent or listing recorded, entry into force unknown. */
  unknownInForce: number;
  flags: number;
  statusAsOf: string | null;
  skipped: { name: string; reason: string }[];
}

/** A hand-checked value and a table's value that differ, as the check reports it. */
export interface DisagreementReport {
  instrument: string;
  jurisdiction: string;
  field: PartyField;
  recorded: string | null;
  recordedSource: Source;
  table: string | null;
  tableSource: Source;
  decision?: { stands: "recorded" | "table"; reason: string; by: string; date: string };
}

export interface Coverage {
  instruments: InstrumentCoverage[];
  partyStatus: PartyStatusCoverage[];
  disagreements: DisagreementReport[];
  /** Recorded bilateral lists: treaties, dated and undated. */
  bilateral: { list: string; hub: string; treaties: number; withInForce: number; statusAsOf: string | null }[];
  /** Facts that break a rule of the data (impossible dates, a computed date the rule does not give…). */
  problems: string[];
  /** Facts recorded with an `unverified` note: they still need checking against their source. */
  unverified: { id: string; what: "provision" | "party"; note: string }[];
  unknownDates: { instrument: string; jurisdiction: string; missing: string[]; note?: string }[];
}

/** Computes coverage; pure. */
export function coverageOf(kb: KnowledgeBase): Coverage {
  const unknownDates: Coverage["unknownDates"] = [];
  const unverified: Coverage["unverified"] = [];
  // Treaties expanded from a bilateral list are summarised per list, not one line each.
  const instruments = kb.instrumentList
    .filter((inst) => !kb.expandedBilateral.has(inst.id))
    .map((inst) => {
      const kinds: Partial<Record<ProvisionKind, number>> = {};
      for (const p of inst.provisions) {
        kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
        if (p.unverified) unverified.push({ id: p.id, what: "provision", note: p.unverified });
      }
      const file = kb.partyFiles.get(inst.id);
      let complete = 0;
      for (const party of file?.parties ?? []) {
        if (party.unverified) unverified.push({ id: `${inst.id} ${party.jurisdiction}`, what: "party", note: party.unverified });
        const missing: string[] = [];
        if (party.signed === null && party.consent?.kind !== "accession" && party.consent?.kind !== "succession") missing.push("signed");
        if (party.consent === null || party.consent.date === null) missing.push("consent");
        if (party.inForce === null) missing.push("inForce");
        for (const t of party.territories ?? []) if (t.inForce === null) missing.push(`inForce for ${t.jurisdiction}`);
        if (missing.length === 0) complete++;
        else unknownDates.push({ instrument: inst.id, jurisdiction: party.jurisdiction, missing, note: party.note });
      }
      return {
        instrument: inst.id,
        kinds,
        provisions: inst.provisions.length,
        parties: file?.parties.length ?? 0,
        partiesWithCompleteDates: complete,
        participantsInSource: file?.participantsInSource ?? null,
        complete: file?.complete ?? false,
        statusAsOf: file?.statusAsOf ?? null,
      };
    });
  const checked = checkParties(kb);
  const { disagreements, problems } = checked;
  const partyStatus = checked.partyStatus.filter((p) => !kb.expandedBilateral.has(p.instrument));
  const bilateral = [...kb.bilateralLists.values()].map((l) => ({
    list: l.list,
    hub: l.hub,
    treaties: l.treaties.length,
    withInForce: l.treaties.filter((t) => t.inForce !== null).length,
    statusAsOf: l.statusAsOf,
  }));
  return { instruments, unknownDates, unverified, partyStatus, disagreements, bilateral, problems };
}

/**
 * The import's validation, run over the knowledge files: dates in a possible order, computed dates that
 * the convention's rule gives, flags linked to reservations that exist, and disagreements whose recorded
 * (or decided) value is the one the party carries.
 */
export function checkParties(kb: KnowledgeBase): {
  partyStatus: PartyStatusCoverage[];
  disagreements: DisagreementReport[];
  problems: string[];
} {
  const partyStatus: PartyStatusCoverage[] = [];
  const disagreements: DisagreementReport[] = [];
  const problems: string[] = [];
  for (const [id, file] of [...kb.partyFiles].sort(([a], [b]) => a.localeCompare(b))) {
    const inst = kb.instruments.get(id);
    const row: PartyStatusCoverage = {
      instrument: id,
      recorded: file.parties.length,
      stated: 0,
      computed: 0,
      signatoriesOnly: 0,
      unknownInForce: 0,
      flags: 0,
      statusAsOf: file.statusAsOf,
      skipped: (file.skipped ?? []).map((s) => ({ name: s.name, reason: s.reason })),
    };
    for (const p of file.parties) {
      const where = `${id} ${p.jurisdiction}`;
      if (p.inForce !== null && p.inForceComputed) row.computed++;
      else if (p.inForce !== null) row.stated++;
      else if (p.signed && (!p.consent || p.consent.date === null)) row.signatoriesOnly++;
      else row.unknownInForce++;
      row.flags += p.flags?.length ?? 0;
      const consent = p.consent?.date ?? null;
      if (p.signed && inst?.concluded && p.signed < inst.concluded)
        problems.push(`${where}: signed ${p.signed} before the instrument was concluded (${inst.concluded})`);
      if (p.signed && consent && consent < p.signed) problems.push(`${where}: consent ${consent} before signature ${p.signed}`);
      if (consent && p.inForce && p.inForce < consent) problems.push(`${where}: in force ${p.inForce} before consent ${consent}`);
      if (p.inForceComputed) {
        const rule = file.entryIntoForceRule;
        if (!rule) problems.push(`${where}: inForce is marked computed but the file has no entryIntoForceRule`);
        else if (!consent) problems.push(`${where}: inForce is marked computed but no deposit date is recorded`);
        else {
          const expected = computeInForce(rule, inst?.entryIntoForce ?? null, consent);
          if (expected.date !== p.inForce)
            problems.push(`${where}: ${rule.article} gives ${expected.date} from the deposit on ${consent}, but inForce is ${p.inForce}`);
          else if (expected.computed.basis !== p.inForceComputed.basis || expected.computed.from !== p.inForceComputed.from)
            problems.push(
              `${where}: the computed date counts from ${expected.computed.from} (${expected.computed.basis}), but the record says ${p.inForceComputed.from} (${p.inForceComputed.basis})`,
            );
        }
      }
      const reservationIds = new Set((p.reservations ?? []).map((r) => r.id));
      for (const f of p.flags ?? [])
        if (f.typedAs && !reservationIds.has(f.typedAs))
          problems.push(`${where}: flag "${f.summary.slice(0, 40)}…" is typed as ${f.typedAs}, which ${p.jurisdiction} does not have`);
      for (const d of p.disagreements ?? []) {
        disagreements.push({
          instrument: id,
          jurisdiction: p.jurisdiction,
          field: d.field,
          recorded: d.recorded,
          recordedSource: p.source,
          table: d.table,
          tableSource: d.tableSource,
          ...(d.decision ? { decision: d.decision } : {}),
        });
        const carried = fieldValue(p, d.field);
        const expected = d.decision?.stands === "table" ? d.table : d.recorded;
        if (carried !== expected)
          problems.push(
            `${where}: ${d.field} is ${carried ?? "(none)"}, but its disagreement says ${d.decision ? `the ${d.decision.stands} value` : "the recorded value"} ${expected ?? "(none)"} stands`,
          );
      }
    }
    partyStatus.push(row);
  }
  for (const list of kb.bilateralLists.values())
    for (const t of list.treaties)
      for (const d of t.disagreements ?? [])
        disagreements.push({
          instrument: t.instrument ?? `${list.list} list`,
          jurisdiction: t.partner,
          field: d.field,
          recorded: d.recorded,
          recordedSource: kb.instruments.get(t.instrument ?? "")?.source ?? t.source,
          table: d.table,
          tableSource: d.tableSource,
          ...(d.decision ? { decision: d.decision } : {}),
        });
  return { partyStatus, disagreements, problems };
}

const SHORT: Partial<Record<ProvisionKind, string>> = {
  measures: "meas",
  refusal_ground: "refu",
  excluded_ground: "excl",
  dual_criminality: "dual",
  consultation: "cons",
  postponement: "post",
  conditions: "cond",
  confidentiality: "conf",
  limitation_on_use: "use",
  request_contents: "cont",
  language: "lang",
  channel: "chan",
  urgent_requests: "urg",
  safe_conduct: "safe",
  custody_transfer: "cust",
  asset_sharing: "asst",
  costs: "cost",
  authentication: "auth",
  video_link: "vid",
  subsidiarity: "subs",
  asset_return: "aret",
  supersedes_bilateral: "supb",
};

/** The coverage as a plain-text report for the terminal. */
export function formatCoverage(c: Coverage): string {
  const kinds = PROVISION_KINDS.filter((k) => SHORT[k]);
  const lines: string[] = [];
  const idWidth = Math.max(...c.instruments.map((i) => i.instrument.length), 10);
  lines.push("Provisions by kind (count per instrument):");
  lines.push(`${"instrument".padEnd(idWidth)} ${kinds.map((k) => (SHORT[k] ?? k).padStart(4)).join(" ")}  total`);
  for (const i of c.instruments)
    lines.push(
      `${i.instrument.padEnd(idWidth)} ${kinds.map((k) => String(i.kinds[k] ?? "·").padStart(4)).join(" ")}  ${String(i.provisions).padStart(5)}`,
    );
  lines.push("");
  lines.push("Parties (with complete dates / recorded / participants in the source):");
  for (const i of c.instruments) {
    if (i.parties === 0 && i.participantsInSource === null && !i.complete && i.statusAsOf === null) {
      lines.push(`${i.instrument.padEnd(idWidth)}    — no parties file (binds nobody, or not yet transcribed)`);
      continue;
    }
    const src = i.participantsInSource === null ? "?" : String(i.participantsInSource);
    const pct = i.participantsInSource ? ` ${Math.round((100 * i.partiesWithCompleteDates) / i.participantsInSource)}%` : "";
    lines.push(
      `${i.instrument.padEnd(idWidth)} ${String(i.partiesWithCompleteDates).padStart(4)} / ${String(i.parties).padStart(4)} / ${src.padStart(4)}${pct}${i.complete ? "  complete" : "  partial"}${i.statusAsOf ? `  (status as of ${i.statusAsOf})` : ""}`,
    );
  }
  lines.push("");
  lines.push("Party status (recorded: in force stated / computed by the convention's rule / signatories only / in force unknown; flags):");
  for (const p of c.partyStatus) {
    lines.push(
      `${p.instrument.padEnd(idWidth)} ${String(p.recorded).padStart(4)}: ${String(p.stated).padStart(4)} stated / ${String(p.computed).padStart(4)} computed / ${String(p.signatoriesOnly).padStart(3)} signed only / ${String(p.unknownInForce).padStart(3)} unknown; ${p.flags} flags — status as of ${p.statusAsOf ?? "unknown"}`,
    );
    for (const s of p.skipped) lines.push(`${"".padEnd(idWidth)}   skipped ${s.name}: ${s.reason}`);
  }
  for (const b of c.bilateral)
    lines.push(
      `bilateral list ${b.list} (${b.hub}): ${b.treaties} treaties recorded, ${b.withInForce} with an entry-into-force date, ${b.treaties - b.withInForce} without — status as of ${b.statusAsOf ?? "unknown"}`,
    );
  lines.push("");
  const open = c.disagreements.filter((d) => !d.decision);
  lines.push(`Disagreements between hand-checked records and tables (${c.disagreements.length}; ${open.length} need review):`);
  const src = (s: Source) => [s.document, s.url].filter(Boolean).join(", ");
  for (const d of c.disagreements) {
    lines.push(
      `  ${d.instrument} ${d.jurisdiction} ${d.field}: recorded ${d.recorded ?? "(none)"} [${src(d.recordedSource)}] vs table ${d.table ?? "(none)"} [${src(d.tableSource)}]`,
    );
    lines.push(
      d.decision
        ? `    decided: the ${d.decision.stands} value stands (${d.decision.by}, ${d.decision.date}): ${d.decision.reason}`
        : "    NEEDS REVIEW: no decision recorded",
    );
  }
  lines.push("");
  if (c.problems.length === 0) lines.push("Party data passes the import's checks.");
  else {
    lines.push(`Problems in the party data (${c.problems.length}):`);
    for (const p of c.problems) lines.push(`  ${p}`);
  }
  lines.push("");
  if (c.unknownDates.length === 0) lines.push("No party has an unknown date.");
  else {
    lines.push(`Parties with unknown dates (${c.unknownDates.length}):`);
    for (const u of c.unknownDates)
      lines.push(`  ${u.instrument} ${u.jurisdiction}: ${u.missing.join(", ")} unknown${u.note ? ` — ${u.note}` : ""}`);
  }
  lines.push("");
  if (c.unverified.length === 0) lines.push("Every fact has been checked against its source.");
  else {
    lines.push(`Facts still to verify against their source (${c.unverified.length}):`);
    for (const u of c.unverified) lines.push(`  ${u.what} ${u.id}: ${u.note}`);
  }
  return lines.join("\n");
}
