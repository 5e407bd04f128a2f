/**
 * The transfer engine: on what instrument can a person sentenced in one jurisdiction (the sentencing
 * state) be transferred to another (the administering state) on a date, and does each condition the
 * instrument sets hold for this person and judgment? Built like the MLA basis (basis.ts) and on its party
 * and date machinery (`partyBinding`): pure, the same answer in the server, the CLI and the browser, every
 * node citing its provision. A condition is met, not met, or unknown (a fact the query does not state);
 * a fact is never assumed.
 *
 * Precedence: bilateral, then regional, then multilateral (as for MLA); a protocol (ETS 167) is not a basis
 * of its own but adds its rules to the convention it supplements (ETS 112) between parties to both.
 */
import { type ConsentDispensed, type InstrumentKind, TRANSFER_CONDITIONS, type TransferCondition } from "./codes.js";
import type { KnowledgeBase } from "./knowledge.js";
import type { Instrument, Provision } from "./schema.js";
import { type ExplanationNode, type NotApplicable, citeOf, parseStatesAndDate, partyBinding } from "./basis.js";
import { daysRemaining, monthsRemainAtLeast } from "./sentence.js";

/** What is known of the person and the judgment; an absent fact leaves its condition unknown. */
export interface TransferFacts {
  /** The person is a national of the administering state. */
  national?: boolean | null;
  /** The day the judgment became final; null: not final yet. */
  finalOn?: string | null;
  /** The day the sentence is complete (src/law/sentence.ts), when known. */
  sentenceEnds?: string | null;
  /** A sentence for an indeterminate period (life): time remaining is then met. */
  indeterminate?: boolean | null;
  /** The two states agreed, in an exceptional case, to a transfer with less time remaining (ETS 112 art. 3(2)). */
  shorterTimeAgreed?: boolean | null;
  /** The person's consent: given, refused, or given and then withdrawn. */
  consent?: "given" | "refused" | "withdrawn" | null;
  /** A case in which a protocol dispenses with consent: the person fled, or an expulsion order. */
  consentDispensed?: ConsentDispensed | null;
  /** The acts are an offence under the administering state's law. */
  dualCriminality?: boolean | null;
  /** Each state's decision: true agreed, false refused, absent not yet decided. */
  sentencingAgrees?: boolean | null;
  administeringAgrees?: boolean | null;
}

export interface TransferQuery {
  /** The sentencing state. */
  from: string;
  /** The administering state. */
  to: string;
  /** The date of the request (the day it is received, for ETS 112 art. 3(1)(c)). */
  on: string;
  facts?: TransferFacts;
}

export type ConditionStatus = "met" | "not_met" | "unknown";

/** One condition of the governing instrument, checked against the facts, with its article. */
export interface ConditionAnswer {
  condition: TransferCondition;
  status: ConditionStatus;
  instrument: string;
  provision: string;
  article: string;
  /** "Transfer Convention (1983), Art. 3(1)(c)". */
  cite: string;
  summary: string;
  /** Why, in English (the CLI's words); `reasonKey` and `params` say the same for the screens. */
  reason: string;
  reasonKey: string;
  params: Record<string, string | number>;
  /** Set when another provision decides it: the exception that lets the states agree to less time, or the protocol article that dispenses with consent. */
  by?: { instrument: string; provision: string; cite: string };
}

/** An instrument that can govern the transfer, with the rules its protocols add. */
export interface TransferBasis {
  instrument: string;
  title: string;
  kind: Exclude<InstrumentKind, "model">;
  inForceSince: string | null;
  rank: number;
  statusAsOf?: string | null;
  /** Protocols binding both that supplement it (ETS 167). */
  protocols: { instrument: string; title: string; inForceSince: string | null }[];
  /** Where consent is not needed, by the protocols' articles. */
  consentDispensed: { when: ConsentDispensed; instrument: string; provision: string; cite: string; summary: string }[];
  /** Its other rules shown with their citation (verification of consent, enforcement, exceptions). */
  rules: { instrument: string; provision: string; cite: string; kind: Provision["kind"]; summary: string }[];
  /** True when no condition of it is transcribed (a bilateral treaty known from a press release). */
  conditionsUntranscribed: boolean;
}

export interface TransferAnswer {
  from: string;
  to: string;
  on: string;
  bases: TransferBasis[];
  notApplicable: NotApplicable[];
  /** The conditions of the first basis, checked against the facts. */
  conditions: ConditionAnswer[];
  /**
   * no_basis: no instrument governs; blocked: a condition is not met; open: none fails but some are
   * unknown; met: every condition holds.
   */
  outcome: "no_basis" | "blocked" | "open" | "met";
  explanation: ExplanationNode;
}

const KIND_ORDER: Record<InstrumentKind, number> = { bilateral: 0, regional: 1, multilateral: 2, reciprocity: 3, model: 4 };

/** Checks a raw query's states and date; throws LawInputError naming the bad field. */
export function parseTransferQuery(raw: { from?: unknown; to?: unknown; on?: unknown }): TransferQuery {
  return parseStatesAndDate(raw, "RU", "the sentencing state: a transfer goes to another jurisdiction");
}

function validOn(p: { validFrom?: string | null; validTo?: string | null }, on: string): boolean {
  return (!p.validFrom || p.validFrom <= on) && (!p.validTo || p.validTo >= on);
}

interface Candidate {
  inst: Instrument;
  since: string | null;
  statusAsOf?: string | null;
}

/** Which transfer instruments bind both states on the date, and why each other one does not. */
function select(kb: KnowledgeBase, q: TransferQuery): { applicable: Candidate[]; notApplicable: NotApplicable[] } {
  const notApplicable: NotApplicable[] = [];
  const candidates: Candidate[] = [];
  for (const inst of kb.instrumentList) {
    if (inst.cooperation !== "tsp") continue;
    // A bilateral treaty of either state with a third one has nothing to say about the pair.
    if (inst.kind === "bilateral" && !(kb.parties.get(inst.id)?.get(q.from) && kb.parties.get(inst.id)?.get(q.to))) continue;
    const statusAsOf = kb.partyFiles.get(inst.id)?.statusAsOf;
    const a = partyBinding(kb, inst, q.from, q.on);
    const b = partyBinding(kb, inst, q.to, q.on);
    if (!a.bound || !b.bound) {
      const failed = [a, b].filter((x) => !x.bound) as Extract<typeof a, { bound: false }>[];
      notApplicable.push({
        instrument: inst.id,
        reason: [...new Set(failed.map((x) => x.reason))].join("; "),
        reasonWords: [...new Map(failed.map((x) => [x.reason, x.words])).values()],
        ...(statusAsOf !== undefined ? { statusAsOf } : {}),
      });
      continue;
    }
    if (inst.entryIntoForce === null || inst.entryIntoForce > q.on) {
      notApplicable.push({
        instrument: inst.id,
        reason:
          inst.entryIntoForce === null
            ? `${inst.shortTitle} is not in force (no entry into force is recorded)`
            : `${inst.shortTitle} entered into force only on ${inst.entryIntoForce}`,
        reasonWords: [
          inst.entryIntoForce === null
            ? { key: "select.notInForce", params: { instrument: inst.id } }
            : { key: "select.enteredOnly", params: { instrument: inst.id, day: inst.entryIntoForce } },
        ],
      });
      continue;
    }
    const since =
      [a.since, b.since]
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1) ?? null;
    candidates.push({ inst, since, ...(statusAsOf !== undefined ? { statusAsOf } : {}) });
  }
  // A protocol applies only where its convention binds both too.
  const present = new Set(candidates.map((c) => c.inst.id));
  const applicable = candidates.filter((c) => {
    if (!c.inst.supplements || present.has(c.inst.supplements)) return true;
    notApplicable.push({
      instrument: c.inst.id,
      reason: `it supplements ${c.inst.supplements}, which does not bind both parties on ${q.on}`,
      reasonWords: [{ key: "select.supplements", params: { instrumentId: c.inst.supplements ?? "", day: q.on } }],
    });
    return false;
  });
  applicable.sort((x, y) => KIND_ORDER[x.inst.kind] - KIND_ORDER[y.inst.kind] || x.inst.id.localeCompare(y.inst.id));
  notApplicable.sort((x, y) => x.instrument.localeCompare(y.instrument));
  return { applicable, notApplicable };
}

type Check = Pick<ConditionAnswer, "status" | "reason" | "reasonKey" | "params" | "by">;

/** One condition against the facts. */
function check(
  kb: KnowledgeBase,
  p: Extract<Provision, { kind: "transfer_condition" }>,
  q: TransferQuery,
  dispensers: TransferBasis["consentDispensed"],
): Check {
  const f = q.facts ?? {};
  const unknown = (what: string, key: string): Check => ({
    status: "unknown",
    reason: `not yet known: ${what}`,
    reasonKey: key,
    params: {},
  });
  switch (p.requires) {
    case "national":
      if (f.national === true)
        return { status: "met", reason: `the person is a national of ${q.to}`, reasonKey: "national.met", params: { state: q.to } };
      if (f.national === false)
        return {
          status: "not_met",
          reason: `the person is not a national of ${q.to}`,
          reasonKey: "national.notMet",
          params: { state: q.to },
        };
      return unknown(`whether the person is a national of ${q.to}`, "national.unknown");
    case "final_judgment":
      if (f.finalOn && f.finalOn <= q.on)
        return { status: "met", reason: `the judgment became final on ${f.finalOn}`, reasonKey: "final.met", params: { day: f.finalOn } };
      if (f.finalOn)
        return {
          status: "not_met",
          reason: `the judgment becomes final only on ${f.finalOn}, after ${q.on}`,
          reasonKey: "final.later",
          params: { day: f.finalOn, on: q.on },
        };
      if (f.finalOn === null) return { status: "not_met", reason: "the judgment is not final", reasonKey: "final.notMet", params: {} };
      return unknown("whether the judgment is final", "final.unknown");
    case "time_remaining": {
      const months = p.months ?? 0;
      if (f.indeterminate)
        return { status: "met", reason: "the sentence is for an indeterminate period", reasonKey: "time.indeterminate", params: {} };
      if (!f.sentenceEnds) return unknown("when the sentence ends (its start or the time served, its length, remission)", "time.unknown");
      const days = daysRemaining(f.sentenceEnds, q.on);
      if (monthsRemainAtLeast(f.sentenceEnds, q.on, months))
        return {
          status: "met",
          reason: `the sentence ends on ${f.sentenceEnds}: at least ${months} months remain on ${q.on} (${days} days)`,
          reasonKey: "time.met",
          params: { ends: f.sentenceEnds, on: q.on, months, days },
        };
      const exception = p.exception ? kb.provisions.get(p.exception) : undefined;
      const inst = kb.instruments.get(p.id.split(":")[0] ?? "");
      if (f.shorterTimeAgreed && exception && inst)
        return {
          status: "met",
          reason: `less than ${months} months remain on ${q.on} (the sentence ends on ${f.sentenceEnds}), but the two states agreed to the transfer in an exceptional case`,
          reasonKey: "time.agreedShorter",
          params: { ends: f.sentenceEnds, on: q.on, months, days: Math.max(days, 0) },
          by: { instrument: exception.instrument, provision: exception.id, cite: citeOf(inst, exception.article) },
        };
      return {
        status: "not_met",
        reason: `the sentence ends on ${f.sentenceEnds}: less than ${months} months remain on ${q.on} (${Math.max(days, 0)} days)`,
        reasonKey: "time.notMet",
        params: { ends: f.sentenceEnds, on: q.on, months, days: Math.max(days, 0) },
      };
    }
    case "consent": {
      const dispenser = f.consentDispensed ? dispensers.find((d) => d.when === f.consentDispensed) : undefined;
      if (dispenser)
        return {
          status: "met",
          reason: `the person's consent is not required (${f.consentDispensed === "fled" ? "the person fled to the administering state" : "an expulsion or deportation order"})`,
          reasonKey: `consent.dispensed.${f.consentDispensed}`,
          params: {},
          by: { instrument: dispenser.instrument, provision: dispenser.provision, cite: dispenser.cite },
        };
      if (f.consent === "given") return { status: "met", reason: "the person consented", reasonKey: "consent.met", params: {} };
      if (f.consent === "refused")
        return { status: "not_met", reason: "the person refused to consent", reasonKey: "consent.refused", params: {} };
      if (f.consent === "withdrawn")
        return { status: "not_met", reason: "the person withdrew their consent", reasonKey: "consent.withdrawn", params: {} };
      if (f.consentDispensed)
        return {
          status: "unknown",
          reason: "no protocol that dispenses with consent in this case binds both states; the person's consent is not yet recorded",
          reasonKey: "consent.noDispensingProtocol",
          params: {},
        };
      return unknown("the person's consent", "consent.unknown");
    }
    case "dual_criminality":
      if (f.dualCriminality === true)
        return {
          status: "met",
          reason: `the acts are an offence under the law of ${q.to}`,
          reasonKey: "dual.met",
          params: { state: q.to },
        };
      if (f.dualCriminality === false)
        return {
          status: "not_met",
          reason: `the acts are not an offence under the law of ${q.to}`,
          reasonKey: "dual.notMet",
          params: { state: q.to },
        };
      return unknown(`whether the acts are an offence under the law of ${q.to}`, "dual.unknown");
    case "states_agree":
      if (f.sentencingAgrees === false || f.administeringAgrees === false) {
        const who = f.sentencingAgrees === false ? q.from : q.to;
        return { status: "not_met", reason: `${who} refused the transfer`, reasonKey: "agree.refused", params: { state: who } };
      }
      if (f.sentencingAgrees && f.administeringAgrees)
        return { status: "met", reason: "both states agreed", reasonKey: "agree.met", params: {} };
      return {
        status: "unknown",
        reason: `not yet agreed by ${[f.sentencingAgrees ? null : q.from, f.administeringAgrees ? null : q.to].filter(Boolean).join(" and ")}`,
        reasonKey: "agree.pending",
        params: { states: [f.sentencingAgrees ? null : q.from, f.administeringAgrees ? null : q.to].filter(Boolean).join(", ") },
      };
  }
}

/** The instrument(s) that would govern the transfer on the date, with each condition checked against the facts. */
export function resolveTransfer(kb: KnowledgeBase, q: TransferQuery): TransferAnswer {
  const { applicable, notApplicable } = select(kb, q);
  const bases: TransferBasis[] = [];
  for (const c of applicable.filter((x) => !x.inst.supplements)) {
    const protocols = applicable.filter((p) => p.inst.supplements === c.inst.id);
    const consentDispensed: TransferBasis["consentDispensed"] = [];
    const rules: TransferBasis["rules"] = [];
    for (const inst of [c.inst, ...protocols.map((p) => p.inst)])
      for (const p of inst.provisions) {
        if (!validOn(p, q.on)) continue;
        if (p.kind === "transfer_consent_dispensed")
          consentDispensed.push({ when: p.when, instrument: inst.id, provision: p.id, cite: citeOf(inst, p.article), summary: p.summary });
        else if (p.kind !== "transfer_condition")
          rules.push({ instrument: inst.id, provision: p.id, cite: citeOf(inst, p.article), kind: p.kind, summary: p.summary });
      }
    bases.push({
      instrument: c.inst.id,
      title: c.inst.title,
      kind: c.inst.kind as Exclude<InstrumentKind, "model">,
      inForceSince: c.since,
      rank: bases.length + 1,
      ...(c.statusAsOf !== undefined ? { statusAsOf: c.statusAsOf } : {}),
      protocols: protocols.map((p) => ({ instrument: p.inst.id, title: p.inst.title, inForceSince: p.since })),
      consentDispensed,
      rules,
      conditionsUntranscribed: !c.inst.provisions.some((p) => p.kind === "transfer_condition"),
    });
  }
  const first = bases[0];
  const conditions: ConditionAnswer[] = [];
  if (first) {
    const inst = kb.instruments.get(first.instrument) as Instrument;
    const provisions = inst.provisions.filter(
      (p): p is Extract<Provision, { kind: "transfer_condition" }> => p.kind === "transfer_condition" && validOn(p, q.on),
    );
    provisions.sort((a, b) => TRANSFER_CONDITIONS.indexOf(a.requires) - TRANSFER_CONDITIONS.indexOf(b.requires));
    for (const p of provisions)
      conditions.push({
        condition: p.requires,
        instrument: inst.id,
        provision: p.id,
        article: p.article,
        cite: citeOf(inst, p.article),
        summary: p.summary,
        ...check(kb, p, q, first.consentDispensed),
      });
  }
  const outcome: TransferAnswer["outcome"] = !first
    ? "no_basis"
    : conditions.some((c) => c.status === "not_met")
      ? "blocked"
      : conditions.length === 0 || conditions.some((c) => c.status === "unknown")
        ? "open"
        : "met";
  const explanation: ExplanationNode = {
    label: `Transfer of a person sentenced in ${q.from} to ${q.to} on ${q.on}`,
    applies: outcome !== "no_basis",
    reason:
      outcome === "no_basis"
        ? "no instrument on the transfer of sentenced persons binds both states on this date"
        : outcome === "blocked"
          ? "a condition of the transfer is not met"
          : outcome === "met"
            ? "every condition of the transfer is met"
            : "no condition fails, but some are not yet known",
    children: [
      ...bases.map(
        (b): ExplanationNode => ({
          label: `${kb.instruments.get(b.instrument)?.shortTitle ?? b.instrument} (rank ${b.rank}, ${b.kind})`,
          applies: true,
          instrument: b.instrument,
          reason: b.inForceSince ? `in force for both since ${b.inForceSince}` : "in force for both",
          children: [
            ...(b === first
              ? conditions.map(
                  (c): ExplanationNode => ({
                    label: `${c.article}: ${c.summary}`,
                    applies: c.status !== "not_met",
                    provision: c.provision,
                    instrument: c.instrument,
                    reason: `${c.status.replace("_", " ")}: ${c.reason}${c.by ? ` (${c.by.cite})` : ""}`,
                  }),
                )
              : []),
            ...b.consentDispensed.map(
              (d): ExplanationNode => ({
                label: `${d.cite}: ${d.summary}`,
                applies: true,
                provision: d.provision,
                instrument: d.instrument,
              }),
            ),
          ],
        }),
      ),
      ...notApplicable.map(
        (n): ExplanationNode => ({
          label: kb.instruments.get(n.instrument)?.shortTitle ?? n.instrument,
          applies: false,
          instrument: n.instrument,
          reason: n.reason,
          reasonWords: n.reasonWords,
        }),
      ),
    ],
  };
  return { from: q.from, to: q.to, on: q.on, bases, notApplicable, conditions, outcome, explanation };
}
