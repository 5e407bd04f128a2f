/** What the knowledge base covers: provision kinds per instrument, and parties whose dates are unknown. */
import { PROVISION_KINDS, type ProvisionKind } from "../law/codes.js";
import type { KnowledgeBase } from "../law/knowledge.js";

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

export interface Coverage {
  instruments: InstrumentCoverage[];
  /** Facts recorded with an `unverified` note: they still need checking against their source. */
  unverified: { id: string; what: "provision" | "party"; note: string }[];
  unknownDates: { instrument: string; jurisdiction: string; missing: string[]; note?: string }[];
}

/** Computes coverage; pure. */
export function coverageOf(kb: KnowledgeBase): Coverage {
  const unknownDates: Coverage["unknownDates"] = [];
  const unverified: Coverage["unverified"] = [];
  const instruments = kb.instrumentList.map((inst) => {
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
  return { instruments, unknownDates, unverified };
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
