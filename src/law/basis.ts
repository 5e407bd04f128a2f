/**
 * The legal-basis engine: on what basis can one jurisdiction ask another for these measures on this
 * date, and what does that basis demand? Pure: the same code answers in the server, the CLI and the browser.
 *
 * Precedence (DESIGN.md §3): bilateral, then regional (a protocol right after the convention it
 * supplements), then multilateral, then reciprocity. Exceptions are data, not `if`s: a subsidiarity
 * provision (UNTOC art. 18(7)) names the provisions that yield to another treaty; a protocol's
 * excluded ground overrides the ground of the convention it supplements; a reservation of the
 * requested party adds grounds or fixes languages.
 */
import {
  type Ground,
  type InstrumentKind,
  MEASURES,
  type Measure,
  OFFENCE_FAMILIES,
  type OffenceFamily,
  type RequestContentItem,
} from "./codes.js";
import { sentence } from "../validation/messages.js";
import { isDateInRange, notAcceptedDate } from "./dates.js";
import { LawInputError } from "./errors.js";
import { SUB_STATE_OF, jurisdiction } from "./jurisdictions.js";
import type { Words } from "./words.js";
import type { KnowledgeBase, PartyEntry } from "./knowledge.js";
import type { Instrument, Provision, Reservation } from "./schema.js";

export interface BasisQuery {
  from: string;
  to: string;
  on: string;
  /** Measures sought; none means "every measure". */
  measures?: readonly Measure[];
  /** Offence family, to decide subject-limited instruments (UNCAC, Vienna 1988, Budapest). */
  offence?: OffenceFamily;
}

/** A reference to the rule behind an answer. */
export interface Citation {
  instrument: string;
  /** A provision id, or a reservation id when the rule comes from a party's reservation. */
  provision: string;
  /** Human-readable: "US–Russia MLAT, Art. 4(1)(a)". */
  cite: string;
  /**
   * Set when the rule governs only if something the knowledge base cannot confirm does not hold: UNTOC
   * art. 18(7)'s paragraphs yield if a recorded bilateral treaty of unknown status is in force.
   */
  caveat?: string;
}

export interface Basis {
  instrument: string;
  title: string;
  kind: Exclude<InstrumentKind, "model">;
  inForceSince: string | null;
  rank: number;
  /** Set when the basis holds only for some offences, or only if facts the query cannot state hold. */
  condition?: string;
  /** `condition` as descriptors (src/law/words.ts), one per condition it joins with "; ". */
  conditionWords?: Words[];
  /** The instrument it supplements: a protocol's convention, or the convention that supersedes a bilateral treaty. */
  supplements?: string;
  /** Why it ranks where it does when the default order (bilateral first) does not decide it: 1959 Convention art. 26. */
  precedence?: string;
  /** `precedence` as a descriptor (src/law/words.ts). */
  precedenceWords?: Words;
  /** The status date of the party data relied on (the earliest, where a protocol relies on its convention's too). */
  statusAsOf?: string | null;
}

export interface NotApplicable {
  instrument: string;
  reason: string;
  /** `reason` as descriptors (src/law/words.ts), one per reason it joins with "; ". */
  reasonWords: Words[];
  /** The status date of the party data that decided it, when the parties' status did. */
  statusAsOf?: string | null;
}

/** A bilateral treaty recorded between the two whose entry into force is not known: neither used nor dropped. */
export interface UnconfirmedTreaty {
  instrument: string;
  title: string;
  reason: string;
  /** `reason` as a descriptor (src/law/words.ts). */
  reasonWords: Words;
  source: Instrument["source"];
  /** The subsidiarity clauses of other bases whose paragraphs would yield to it if it is in force. */
  yields: string[];
}

export interface MeasureAnswer extends Partial<Citation> {
  measure: Measure;
  available: boolean;
  /** conditional: the text sets conditions on giving it (see `terms`); discretionary: the requested state may decline. */
  mode?: "obligatory" | "discretionary" | "conditional";
  /** The conditions the text itself sets on the measure (consent, both states' agreement, return), in words. */
  terms?: string;
  /** True when the measure is not named but falls under an "any other assistance" clause. */
  catchAll?: boolean;
  /** Conditions the requested party attached to this measure by reservation (search and seizure). */
  conditions?: (Citation & { conditions: string[] })[];
}

export interface GroundAnswer extends Citation {
  ground: Ground;
  kind: "mandatory" | "discretionary";
  /** "provision" for the instrument's own text, "reservation" for the requested party's reservation. */
  from: "provision" | "reservation";
  measures?: Measure[];
}

export interface Alternative extends Citation {
  why: string;
  /** `why` as a descriptor (src/law/words.ts). */
  whyWords: Words;
}

export interface ConsultationAnswer extends Partial<Citation> {
  required: boolean;
  beforePostponement?: boolean;
  reason?: string;
  /** `reason` as a descriptor (src/law/words.ts). */
  reasonWords?: Words;
  alternatives?: Alternative[];
}

export interface LanguageAnswer extends Citation {
  language: string;
  /** True when no rule names the language and the requested state's official language is shown instead. */
  fallback?: boolean;
}

export interface SafeConductAnswer extends Citation {
  /** What the protection covers and for whom, in words (a summoned accused is protected less than a witness). */
  summary: string;
  days: number;
  maxDays?: number;
  alternatives: (Alternative & { days: number; maxDays?: number })[];
  prevails: string;
  /** `prevails` as a descriptor (src/law/words.ts). */
  prevailsWords: Words;
}

export interface RequirementAnswer {
  item: RequestContentItem;
  level: "required" | "advised";
  citations: Citation[];
  measures?: Measure[];
}

export interface DutyAnswer extends Citation {
  kind: Provision["kind"];
  summary: string;
  detail?: Record<string, unknown>;
}

export interface ExplanationNode {
  label: string;
  /** `label` as a descriptor (src/law/words.ts), for the screens. */
  labelWords?: Words;
  applies: boolean;
  provision?: string;
  instrument?: string;
  reason?: string;
  /** `reason` as descriptors, one per part it joins with "; "; absent where a part has none (the screen shows the English). */
  reasonWords?: Words[];
  children?: ExplanationNode[];
}

export interface BasisAnswer {
  from: string;
  to: string;
  on: string;
  offence?: OffenceFamily;
  bases: Basis[];
  notApplicable: NotApplicable[];
  /** Bilateral treaties recorded between the two whose entry into force is not known: check before relying on one. */
  unconfirmed: UnconfirmedTreaty[];
  /** Instruments in force between the two that govern other cooperation (transfer of prisoners, tax). */
  related: { instrument: string; title: string; cooperation: string; inForceSince: string | null }[];
  measures: MeasureAnswer[];
  refusalGrounds: GroundAnswer[];
  excludedGrounds: (Citation & { ground: Ground })[];
  consultationBeforeRefusal: ConsultationAnswer;
  languages: LanguageAnswer[];
  languageRule: (Citation & { rule: string; summary: string }) | null;
  safeConduct: SafeConductAnswer | null;
  requirements: RequirementAnswer[];
  duties: DutyAnswer[];
  reservations: (Citation & { jurisdiction: string; effect: Reservation["effect"]; summary: string })[];
  explanation: ExplanationNode;
}

const KIND_ORDER: Record<InstrumentKind, number> = {
  bilateral: 0,
  regional: 1,
  multilateral: 2,
  reciprocity: 3,
  model: 4,
};

/** Provision kinds reported as duties (the singular topics have fields of their own). */
const DUTY_KINDS: ReadonlySet<Provision["kind"]> = new Set([
  "dual_criminality",
  "postponement",
  "conditions",
  "confidentiality",
  "limitation_on_use",
  "channel",
  "urgent_requests",
  "custody_transfer",
  "asset_sharing",
  "asset_return",
  "costs",
  "authentication",
  "video_link",
  "reasons_for_refusal",
]);

/** What the engine says of a bilateral treaty recorded without a known entry into force (issue 11 §1). */
export const UNCONFIRMED_BILATERAL_REASON =
  "a bilateral treaty is recorded but its entry into force is not known: check before relying on it";
const UNCONFIRMED_BILATERAL_WORDS: Words = { key: "reason.unconfirmedBilateral", params: {} };

/**
 * The two states and the date of a question to the law (a request, a transfer), checked; throws
 * LawInputError naming the bad field. `example` is the code a message suggests for `from`; `differ`
 * says why `to` must differ ("the requesting state: a request goes to another jurisdiction").
 */
export function parseStatesAndDate(
  raw: { from?: unknown; to?: unknown; on?: unknown },
  example: string,
  differ: string,
): { from: string; to: string; on: string } {
  const code = (field: "from" | "to"): string => {
    const v = raw[field];
    if (typeof v !== "string" || v.length === 0)
      throw new LawInputError(
        "missing_field",
        field,
        v,
        sentence(field, `is required: choose a state (a two-letter code such as ${example})`),
      );
    const c = v.trim().toUpperCase();
    if (!jurisdiction(c))
      throw new LawInputError(
        "unknown_jurisdiction",
        field,
        v,
        sentence(field, `"${v}" is not a known state or territory (a two-letter code such as US, RU or HK)`),
      );
    return c;
  };
  const from = code("from");
  const to = code("to");
  if (from === to) throw new LawInputError("same_jurisdiction", "to", raw.to, sentence("to", `must differ from ${differ}`));
  if (!isDateInRange(raw.on)) throw new LawInputError("invalid_date", "on", raw.on, sentence("on", notAcceptedDate(raw.on)));
  return { from, to, on: raw.on };
}

/** Checks a raw query and returns it typed; throws LawInputError naming the bad field. */
export function parseBasisQuery(raw: { from?: unknown; to?: unknown; on?: unknown; measures?: unknown; offence?: unknown }): BasisQuery {
  const { from, to, on } = parseStatesAndDate(raw, "US", "the requesting state: a request goes to another jurisdiction");
  const list = raw.measures === undefined ? [] : Array.isArray(raw.measures) ? raw.measures : [raw.measures];
  const measures: Measure[] = [];
  for (const m of list) {
    if (typeof m !== "string" || !(MEASURES as readonly string[]).includes(m))
      throw new LawInputError(
        "unknown_measure",
        "measure",
        m,
        sentence("measure", `"${String(m)}" is not a measure this knowledge base knows (one of ${MEASURES.join(", ")})`),
      );
    if (!measures.includes(m as Measure)) measures.push(m as Measure);
  }
  let offence: OffenceFamily | undefined;
  if (raw.offence !== undefined && raw.offence !== "") {
    if (typeof raw.offence !== "string" || !(OFFENCE_FAMILIES as readonly string[]).includes(raw.offence))
      throw new LawInputError(
        "unknown_offence",
        "offence",
        raw.offence,
        sentence(
          "offence",
          `"${String(raw.offence)}" is not an offence family this knowledge base knows (one of ${OFFENCE_FAMILIES.join(", ")})`,
        ),
      );
    offence = raw.offence as OffenceFamily;
  }
  return { from, to, on, measures, offence };
}

/** How an instrument is cited in answers. */
export function citeOf(inst: Instrument, article: string): string {
  return `${inst.shortTitle}, ${article}`;
}

type Binding =
  | { bound: true; since: string | null; entry?: PartyEntry }
  /** `unknown`: the party is recorded but nothing says whether or when it became bound. */
  | { bound: false; reason: string; words: Words; unknown?: true };

function statusWords(statusAsOf: string | null): string {
  return statusAsOf ? `party status as recorded on ${statusAsOf}` : "the date of the party status is not recorded";
}

/** Whether one jurisdiction is bound by an instrument on a date, and why not. */
export function partyBinding(kb: KnowledgeBase, inst: Instrument, code: string, on: string): Binding {
  if (inst.kind === "reciprocity") return { bound: true, since: null };
  if (!inst.binding)
    return {
      bound: false,
      reason: `${inst.shortTitle} is a model text or scheme and binds nobody`,
      words: { key: "binding.model", params: { instrument: inst.id } },
    };
  const file = kb.partyFiles.get(inst.id);
  const entry = kb.parties.get(inst.id)?.get(code);
  if (!file)
    return {
      bound: false,
      reason: `no party data is recorded for ${inst.shortTitle}`,
      words: { key: "binding.noPartyData", params: { instrument: inst.id } },
    };
  // The status date, or its absence, in the key ("…Dated"/"…Undated"), the date as a param.
  const status = file.statusAsOf ? "Dated" : "Undated";
  const statusParams: Record<string, string> = file.statusAsOf ? { day: file.statusAsOf } : {};
  if (!entry) {
    const sovereign = SUB_STATE_OF[code];
    const noExtension = !!(sovereign && kb.parties.get(inst.id)?.get(sovereign));
    const sovereignNote = noExtension ? ` (${sovereign} is a party, but no extension of it to ${code} is recorded)` : "";
    const words: Words = {
      key: `binding.${file.complete ? "notParty" : "notRecorded"}${status}${noExtension ? "NoExtension" : ""}`,
      params: { code, ...(noExtension && sovereign ? { sovereign } : {}), ...statusParams },
    };
    return file.complete
      ? { bound: false, reason: `${code} is not a party${sovereignNote} (${statusWords(file.statusAsOf)})`, words }
      : {
          bound: false,
          reason: `${code} is not recorded as a party${sovereignNote}; the party list is not yet complete (${statusWords(file.statusAsOf)})`,
          words,
        };
  }
  const { party, via } = entry;
  const noteText = party.note ? ` (${party.note.replace(/\.$/, "")})` : "";
  const where = via ? `${code} (through ${via.state}'s extension)` : code;
  // Who, with the state whose extension covers it, and the record's note: "Via", "Note" in the key.
  const whereKey = `${via ? "Via" : ""}${party.note ? "Note" : ""}`;
  const whereParams = { code, ...(via ? { sovereign: via.state } : {}), ...(party.note ? { note: party.note.replace(/\.$/, "") } : {}) };
  const inForce = via ? via.inForce : party.inForce;
  if (party.withdrawn && party.withdrawn.effective <= on)
    return {
      bound: false,
      reason: `${party.jurisdiction} withdrew; effective ${party.withdrawn.effective}`,
      words: { key: "binding.withdrew", params: { code: party.jurisdiction, day: party.withdrawn.effective } },
    };
  if (via?.validTo && via.validTo < on)
    return {
      bound: false,
      reason: `the extension to ${code} ended on ${via.validTo}`,
      words: { key: "binding.extensionEnded", params: { code, day: via.validTo } },
    };
  if (inForce === null) {
    if (party.signed && (!party.consent || party.consent.date === null || party.consent.kind === "signature_only")) {
      const later = !!(file.statusAsOf && on > file.statusAsOf);
      return {
        bound: false,
        // After the status date, a later ratification may simply not be recorded yet: say so.
        reason: `${where} signed on ${party.signed} but is not recorded as bound: not in force${noteText}${file.statusAsOf && on > file.statusAsOf ? ` (${statusWords(file.statusAsOf)}; a later consent would not be recorded)` : ""}`,
        words: {
          key: `binding.signedNotBound${whereKey}${later ? "Later" : ""}`,
          params: { ...whereParams, signed: party.signed, ...(later && file.statusAsOf ? { day: file.statusAsOf } : {}) },
        },
      };
    }
    return {
      bound: false,
      unknown: true,
      reason: `the date ${inst.shortTitle} entered into force for ${where} is not known${noteText}; it cannot be relied on`,
      words: { key: `binding.unknownEntry${whereKey}`, params: { instrument: inst.id, ...whereParams } },
    };
  }
  if (inForce > on) {
    const signedBefore = !!(party.signed && party.signed <= on);
    const signed = signedBefore ? `signed on ${party.signed}, but ` : "";
    return {
      bound: false,
      reason: `${signed}in force for ${where} only from ${inForce}`,
      words: {
        key: `binding.inForceOnly${signedBefore ? "Signed" : ""}${via ? "Via" : ""}`,
        params: {
          code,
          ...(via ? { sovereign: via.state } : {}),
          ...(signedBefore && party.signed ? { signed: party.signed } : {}),
          inForce,
        },
      },
    };
  }
  return { bound: true, since: inForce, entry };
}

/** Why a bilateral treaty ranks after the convention that supersedes it, citing the convention's provision. */
function supersededReason(c: Applicable): string {
  const by = c.supersededBy;
  if (!by) return "";
  return `ranks after ${by.inst.shortTitle}, which between its parties supersedes their bilateral MLA treaties; this treaty applies only to supplement it or to facilitate its principles (${citeOf(by.inst, by.provision.article)})`;
}

/** `supersededReason` as a descriptor. */
function supersededWords(c: Applicable): Words | undefined {
  const by = c.supersededBy;
  if (!by) return undefined;
  return { key: "precedence.superseded", params: { instrument: by.inst.id, cite: citeOf(by.inst, by.provision.article) } };
}

function validOn(p: { validFrom?: string | null; validTo?: string | null }, on: string): boolean {
  return (!p.validFrom || p.validFrom <= on) && (!p.validTo || p.validTo >= on);
}

function overlaps(a: readonly Measure[] | undefined, wanted: readonly Measure[]): boolean {
  return !a || wanted.length === 0 || a.some((m) => wanted.includes(m));
}

interface Applicable {
  inst: Instrument;
  since: string | null;
  rank: number;
  condition?: string;
  conditionWords?: Words[];
  statusAsOf?: string | null;
  /** Set when a convention it is bound by supersedes it (1959 Convention art. 26). */
  supersededBy?: { inst: Instrument; provision: Provision };
}

/** The conditions an instrument's offence scope and scope exclusions put on the query, or why it does not apply. */
function scopeOf(
  kb: KnowledgeBase,
  inst: Instrument,
  offence: OffenceFamily | undefined,
  on: string,
): { excluded: string; excludedWords: Words } | { condition?: string; conditionWords?: Words[] } {
  const conditions: string[] = [];
  // The same conditions as descriptors, in the same order.
  const conditionWords: Words[] = [];
  for (const p of inst.provisions) {
    if (p.kind !== "scope" || !p.excludes || !validOn(p, on)) continue;
    const cite = citeOf(inst, p.article);
    if (offence && p.excludes.families.includes(offence))
      return {
        excluded: `it does not apply to ${offence.replaceAll("_", " ")} offences (${cite})`,
        excludedWords: { key: "scope.excludedOffence", params: { offence, cite } },
      };
    if (!offence) {
      conditions.push(
        `not for ${[...(p.excludes.matters ?? []), ...p.excludes.families.map((f) => `${f.replaceAll("_", " ")} offences`)].join(", ")} (${cite})`,
      );
      const matters = [...(p.excludes.matters ?? [])];
      const families = [...p.excludes.families];
      conditionWords.push({
        key: `scope.notFor${matters.length > 0 ? "Matters" : ""}${families.length > 0 ? "Families" : ""}`,
        params: { ...(matters.length > 0 ? { matters } : {}), ...(families.length > 0 ? { families } : {}), cite },
      });
    }
  }
  const scope = inst.offenceScope;
  if (scope) {
    const scopeCite = citeOf(inst, kb.provisions.get(scope.provision)?.article ?? "");
    if (!offence) {
      conditions.unshift(`only for offences within its scope: ${scope.summary} (${scopeCite})`);
      conditionWords.unshift({ key: "scope.onlyWithin", params: { note: scope.summary, cite: scopeCite } });
    } else if (scope.families.includes(offence)) {
      if (scope.condition) {
        conditions.unshift(`${scope.condition} (${scopeCite})`);
        conditionWords.unshift({ key: "scope.condition", params: { note: scope.condition, cite: scopeCite } });
      }
    } else {
      // An offence outside the listed families may still be covered on a condition the query cannot decide.
      const routes = (scope.routes ?? []).filter((r) => !r.families || r.families.includes(offence));
      if (routes.length === 0)
        return {
          excluded: `limited to ${scope.families.join(", ")} offences (${scopeCite}); the offence is ${offence}`,
          excludedWords: { key: "scope.limitedTo", params: { offenceCodes: [...scope.families], cite: scopeCite, offenceCode: offence } },
        };
      const each = routes.map((r) => `${r.condition} (${citeOf(inst, kb.provisions.get(r.provision)?.article ?? "")})`);
      conditions.unshift(
        `${offence.replaceAll("_", " ")} offences are not among those it lists (${scopeCite}); it applies only ${each.length > 1 ? `if one of these holds: ${each.map((e, i) => `(${i + 1}) ${e}`).join("; ")}` : `if ${each[0]}`}`,
      );
      conditionWords.unshift({
        key: each.length > 1 ? "scope.notListedMany" : "scope.notListedOne",
        params: { offence, cite: scopeCite, routes: each },
      });
    }
  }
  return conditions.length > 0 ? { condition: conditions.join("; "), conditionWords } : {};
}

/**
 * What the engine keeps per knowledge base, built on first use. A knowledge base never changes once
 * built, so nothing here goes stale: the instruments every query looks at, each jurisdiction's bilateral
 * treaties (so the cost of an answer grows with the two states' own treaties, not with every treaty
 * recorded), and the parts of answers that do not depend on the pair, shared between pairs whose bases
 * are the same instruments in the same order on the same date.
 */
interface EngineIndex {
  /** Every instrument that is not bilateral: each query considers them all. */
  general: readonly Instrument[];
  /** Jurisdiction → the bilateral instruments it is a party to (by its own ratification or an extension). */
  bilateralOf: ReadonlyMap<string, readonly Instrument[]>;
  cores: Map<string, Core>;
}

const INDEXES = new WeakMap<KnowledgeBase, EngineIndex>();
/** Distinct (bases, date, measures) combinations remembered; the oldest is forgotten first. */
const CORES_KEPT = 4096;

function engineIndex(kb: KnowledgeBase): EngineIndex {
  const known = INDEXES.get(kb);
  if (known) return known;
  const general: Instrument[] = [];
  const bilateralOf = new Map<string, Instrument[]>();
  for (const inst of kb.instrumentList) {
    if (inst.kind !== "bilateral") {
      general.push(inst);
      continue;
    }
    for (const code of kb.parties.get(inst.id)?.keys() ?? []) {
      const list = bilateralOf.get(code) ?? [];
      list.push(inst);
      bilateralOf.set(code, list);
    }
  }
  const index: EngineIndex = { general, bilateralOf, cores: new Map() };
  INDEXES.set(kb, index);
  return index;
}

/**
 * The instruments a query considers: every one that is not bilateral, and the bilateral treaties to which
 * both jurisdictions are parties. A treaty of either with a third state has nothing to say about the pair,
 * so it is neither a candidate nor listed as not applicable. In id order, as the knowledge base lists them.
 */
function consideredIndexed(kb: KnowledgeBase, from: string, to: string): Instrument[] {
  const index = engineIndex(kb);
  const ofTo = index.bilateralOf.get(to);
  const shared = ofTo ? (index.bilateralOf.get(from) ?? []).filter((inst) => ofTo.includes(inst)) : [];
  if (shared.length === 0) return [...index.general];
  return [...index.general, ...shared].sort((a, b) => a.id.localeCompare(b.id));
}

/** The same list found by looking at every instrument's party list: the engine's reference path. */
function consideredByScan(kb: KnowledgeBase, from: string, to: string): Instrument[] {
  return kb.instrumentList.filter(
    (inst) =>
      inst.kind !== "bilateral" || (kb.parties.get(inst.id)?.get(from) !== undefined && kb.parties.get(inst.id)?.get(to) !== undefined),
  );
}

/** Which instruments bind the two on the date, in order of precedence, and why each other one does not. */
interface Selection {
  applicable: Applicable[];
  governingBases: Applicable[];
  notApplicable: NotApplicable[];
  unconfirmed: UnconfirmedTreaty[];
  related: BasisAnswer["related"];
}

function select(kb: KnowledgeBase, query: BasisQuery, considered: readonly Instrument[]): Selection {
  const { from, to, on } = query;
  const notApplicable: NotApplicable[] = [];
  const unconfirmed: UnconfirmedTreaty[] = [];
  const related: BasisAnswer["related"] = [];
  const candidates: Applicable[] = [];

  for (const inst of considered) {
    if (inst.kind === "model") {
      notApplicable.push({
        instrument: inst.id,
        reason: `${inst.shortTitle} is a model text for drafting treaties; it binds nobody`,
        reasonWords: [{ key: "select.model", params: { instrument: inst.id } }],
      });
      continue;
    }
    const a = partyBinding(kb, inst, from, on);
    const b = partyBinding(kb, inst, to, on);
    const statusAsOf = kb.partyFiles.get(inst.id)?.statusAsOf;
    if (!a.bound || !b.bound) {
      const failed = [a, b].filter((x): x is Extract<Binding, { bound: false }> => !x.bound);
      // A bilateral treaty recorded between the two, with no date saying whether it is in force: reported,
      // neither used nor silently dropped (issue 11 §1).
      if (inst.kind === "bilateral" && (inst.cooperation === "mla" || inst.cooperation === "mixed") && failed.every((x) => x.unknown)) {
        unconfirmed.push({
          instrument: inst.id,
          title: inst.title,
          reason: UNCONFIRMED_BILATERAL_REASON,
          reasonWords: UNCONFIRMED_BILATERAL_WORDS,
          source: inst.source,
          yields: [],
        });
        notApplicable.push({
          instrument: inst.id,
          reason: UNCONFIRMED_BILATERAL_REASON,
          reasonWords: [UNCONFIRMED_BILATERAL_WORDS],
          ...(statusAsOf !== undefined ? { statusAsOf } : {}),
        });
        continue;
      }
      const reasons = failed.map((x) => x.reason);
      // The same reason for both states is said once, as in the English.
      const reasonWords = [...new Map(failed.map((x) => [x.reason, x.words])).values()];
      notApplicable.push({
        instrument: inst.id,
        reason: [...new Set(reasons)].join("; "),
        reasonWords,
        ...(statusAsOf !== undefined ? { statusAsOf } : {}),
      });
      continue;
    }
    if (inst.entryIntoForce === null && inst.kind !== "reciprocity") {
      notApplicable.push({
        instrument: inst.id,
        reason: `${inst.shortTitle} is not in force (no entry into force is recorded)`,
        reasonWords: [{ key: "select.notInForce", params: { instrument: inst.id } }],
      });
      continue;
    }
    if (inst.entryIntoForce && inst.entryIntoForce > on) {
      notApplicable.push({
        instrument: inst.id,
        reason: `${inst.shortTitle} entered into force only on ${inst.entryIntoForce}`,
        reasonWords: [{ key: "select.enteredOnly", params: { instrument: inst.id, day: inst.entryIntoForce } }],
      });
      continue;
    }
    const since =
      [a.since, b.since]
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1) ?? null;
    if (inst.cooperation !== "mla" && inst.cooperation !== "mixed") {
      related.push({ instrument: inst.id, title: inst.title, cooperation: inst.cooperation, inForceSince: since });
      notApplicable.push({
        instrument: inst.id,
        reason: `in force between ${from} and ${to}, but it governs ${inst.cooperation.replace("_", " ")} cooperation, not mutual legal assistance in criminal matters`,
        reasonWords: [{ key: `select.otherCooperation.${inst.cooperation}`, params: { code: from, peer: to } }],
      });
      continue;
    }
    const scope = scopeOf(kb, inst, query.offence, on);
    if ("excluded" in scope) {
      notApplicable.push({ instrument: inst.id, reason: scope.excluded, reasonWords: [scope.excludedWords] });
      continue;
    }
    candidates.push({
      inst,
      since,
      rank: 0,
      condition: scope.condition,
      ...(scope.conditionWords ? { conditionWords: scope.conditionWords } : {}),
      ...(statusAsOf !== undefined ? { statusAsOf } : {}),
    });
  }

  // Protocols need both parties bound by the convention they supplement too.
  const present = new Set(candidates.map((c) => c.inst.id));
  const applicable = candidates.filter((c) => {
    if (!c.inst.supplements || present.has(c.inst.supplements)) return true;
    notApplicable.push({
      instrument: c.inst.id,
      reason: `it supplements ${c.inst.supplements}, which does not bind both parties on ${on}`,
      reasonWords: [{ key: "select.supplements", params: { instrumentId: c.inst.supplements ?? "", day: on } }],
    });
    return false;
  });
  // A protocol relies on its convention's party data too: the basis carries the earlier status date.
  for (const c of applicable) {
    const base = c.inst.supplements ? applicable.find((o) => o.inst.id === c.inst.supplements) : undefined;
    if (base?.statusAsOf && (!c.statusAsOf || base.statusAsOf < c.statusAsOf)) c.statusAsOf = base.statusAsOf;
  }
  // Labelled exception to "bilateral first": a convention that supersedes its parties' bilateral MLA treaties
  // (1959 Convention art. 26) ranks before any bilateral treaty binding the same two parties, with its protocols.
  const superseding = new Map<string, Provision>();
  for (const c of applicable)
    for (const p of c.inst.provisions) if (p.kind === "supersedes_bilateral" && validOn(p, on)) superseding.set(c.inst.id, p);
  for (const c of applicable) {
    if (c.inst.kind !== "bilateral") continue;
    const [id, provision] = [...superseding.entries()][0] ?? [];
    const by = id ? applicable.find((o) => o.inst.id === id) : undefined;
    if (by && provision) c.supersededBy = { inst: by.inst, provision };
  }
  const supersedes = superseding.size > 0 && applicable.some((c) => c.supersededBy);
  const orderOf = (c: Applicable) => {
    const group = c.inst.supplements ?? c.inst.id;
    if (supersedes && superseding.has(group)) return -1;
    return KIND_ORDER[c.inst.kind];
  };
  applicable.sort((x, y) => {
    const kx = orderOf(x);
    const ky = orderOf(y);
    if (kx !== ky) return kx - ky;
    const gx = x.inst.supplements ?? x.inst.id;
    const gy = y.inst.supplements ?? y.inst.id;
    if (gx !== gy) return gx.localeCompare(gy);
    return (x.inst.supplements ? 1 : 0) - (y.inst.supplements ? 1 : 0) || x.inst.id.localeCompare(y.inst.id);
  });
  applicable.forEach((c, i) => {
    c.rank = i + 1;
  });
  notApplicable.sort((x, y) => x.instrument.localeCompare(y.instrument));

  const treatyBases = applicable.filter((c) => c.inst.kind !== "reciprocity");
  // Reciprocity governs only when no treaty does; it stays listed as the last resort either way.
  const governingBases = treatyBases.length > 0 ? treatyBases : applicable;
  return { applicable, governingBases, notApplicable, unconfirmed, related };
}

/**
 * The part of an answer that depends only on which instruments are the bases (in order), which treaties are
 * unconfirmed, the date and the measures sought — not on which two states ask. Shared between answers, so
 * frozen: a caller that tried to change it would throw instead of corrupting another answer.
 */
interface Core {
  /** The explanation's provision nodes, one list per applicable instrument, in rank order. */
  provisionNodes: readonly (readonly ExplanationNode[])[];
  /** Measures before the requested party's reservations add their conditions. */
  measures: readonly MeasureAnswer[];
  provisionGrounds: readonly GroundAnswer[];
  excludedGrounds: BasisAnswer["excludedGrounds"];
  consultationBeforeRefusal: ConsultationAnswer;
  language: { inst: Instrument; provision: Extract<Provision, { kind: "language" }>; citation: Citation } | null;
  safeConduct: SafeConductAnswer | null;
  requirements: readonly RequirementAnswer[];
  duties: readonly DutyAnswer[];
  /** The subsidiarity clauses that would yield to an unconfirmed bilateral treaty. */
  yields: readonly string[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function coreOf(kb: KnowledgeBase, sel: Selection, query: BasisQuery): Core {
  const { on } = query;
  const wanted = query.measures ?? [];
  const { applicable, governingBases, unconfirmed } = sel;

  // Subsidiarity: an instrument's detailed paragraphs yield to another MLA treaty binding both parties.
  const displaced = new Map<string, string>();
  const displacedWords = new Map<string, Words>();
  const caveats = new Map<string, string>();
  const caveatWords = new Map<string, Words>();
  const yields: string[] = [];
  for (const c of governingBases) {
    for (const p of c.inst.provisions) {
      if (p.kind !== "subsidiarity" || !validOn(p, on)) continue;
      const other = governingBases.find(
        (o) =>
          o.inst.id !== c.inst.id &&
          o.inst.supplements !== c.inst.id &&
          o.inst.binding &&
          !o.inst.provisions.some((q) => q.kind === "subsidiarity"),
      );
      if (other) {
        for (const d of p.displaces) {
          displaced.set(d, `yields under ${citeOf(c.inst, p.article)}: ${other.inst.shortTitle} binds both states`);
          displacedWords.set(d, { key: "why.yields", params: { cite: citeOf(c.inst, p.article), instrument: other.inst.id } });
        }
        continue;
      }
      // No treaty known to bind the two, but one is recorded without a known entry into force: the
      // paragraphs govern only if it is not in force, and the answer says so beside each of them.
      if (unconfirmed.length === 0) continue;
      const names = unconfirmed.map((u) => kb.instruments.get(u.instrument)?.shortTitle ?? u.instrument).join(" or ");
      yields.push(citeOf(c.inst, p.article));
      for (const d of p.displaces)
        if (!caveats.has(d)) {
          caveats.set(
            d,
            `governs only if ${names} is not in force between the two states; if it is, this yields to it under ${citeOf(c.inst, p.article)} (its entry into force is not recorded: check)`,
          );
          // Worded for one treaty only: several are joined with "or", which the lists of the screens do not say.
          const [only, ...more] = unconfirmed;
          if (only && more.length === 0)
            caveatWords.set(d, { key: "tree.caveat", params: { instrument: only.instrument, cite: citeOf(c.inst, p.article) } });
        }
    }
  }

  // Overrides: a protocol's excluded ground removes the same ground of the convention it supplements.
  const overridden = new Map<string, string>();
  const overriddenWords = new Map<string, Words>();
  for (const c of governingBases) {
    if (!c.inst.supplements) continue;
    for (const p of c.inst.provisions) {
      if (p.kind !== "excluded_ground" || !validOn(p, on)) continue;
      const base = governingBases.find((o) => o.inst.id === c.inst.supplements);
      for (const q of base?.inst.provisions ?? [])
        if (q.kind === "refusal_ground" && q.ground === p.ground) {
          overridden.set(q.id, `overridden between parties to ${c.inst.shortTitle} by ${citeOf(c.inst, p.article)}`);
          overriddenWords.set(q.id, { key: "why.overridden", params: { instrument: c.inst.id, cite: citeOf(c.inst, p.article) } });
        }
    }
  }

  const governing: { p: Provision; c: Applicable }[] = [];
  const allProvisions: { p: Provision; c: Applicable; why?: string; whyWords?: Words }[] = [];
  const provisionNodes: ExplanationNode[][] = [];
  for (const c of applicable) {
    const isGoverning = governingBases.includes(c);
    const children: ExplanationNode[] = [];
    for (const p of c.inst.provisions) {
      let why: string | undefined;
      let whyWords: Words | undefined;
      if (!isGoverning) {
        why = "reciprocity yields to the treaties that bind the two";
        whyWords = { key: "why.reciprocityYields", params: {} };
      } else if (!validOn(p, on)) {
        why = `not in force on ${on} (valid ${p.validFrom ?? "…"} to ${p.validTo ?? "…"})`;
        whyWords = { key: "why.notValid", params: { day: on, validFrom: p.validFrom ?? "", validTo: p.validTo ?? "" } };
      } else {
        why = displaced.get(p.id) ?? overridden.get(p.id);
        whyWords = displacedWords.get(p.id) ?? overriddenWords.get(p.id);
      }
      const caveat = why ? undefined : caveats.get(p.id);
      if (!why && "measures" in p && p.kind !== "measures" && !overlaps(p.measures, wanted)) {
        why = `concerns only ${p.measures?.join(", ")}, not the measures sought`;
        whyWords = { key: "why.otherMeasures", params: { measureCodes: [...(p.measures ?? [])] } };
      }
      allProvisions.push({ p, c, why, whyWords });
      if (!why) governing.push({ p, c });
      const reasonWords = why ? whyWords : caveat ? caveatWords.get(p.id) : undefined;
      children.push({
        label: `${p.article}: ${p.summary}`,
        labelWords: provisionLabelWords(p),
        provision: p.id,
        instrument: c.inst.id,
        applies: !why,
        reason: why ?? caveat,
        ...(reasonWords ? { reasonWords: [reasonWords] } : {}),
      });
    }
    provisionNodes.push(children);
  }

  const cite = (c: Applicable, p: Provision): Citation => {
    const caveat = caveats.get(p.id);
    return { instrument: c.inst.id, provision: p.id, cite: citeOf(c.inst, p.article), ...(caveat ? { caveat } : {}) };
  };

  // Measures: the first basis by rank that names the measure; failing that, a catch-all clause.
  const measureList = wanted.length > 0 ? wanted : MEASURES;
  const measures: MeasureAnswer[] = measureList.map((m) => {
    for (const catchAll of [false, true]) {
      for (const { p, c } of governing) {
        if (p.kind !== "measures") continue;
        if (catchAll ? p.measures.includes("other") && m !== "other" : p.measures.includes(m))
          return {
            measure: m,
            available: true,
            mode: p.mode,
            ...(p.terms ? { terms: p.terms } : {}),
            ...cite(c, p),
            ...(catchAll ? { catchAll: true } : {}),
          };
      }
    }
    return { measure: m, available: false };
  });

  const provisionGrounds: GroundAnswer[] = [];
  const excludedGrounds: BasisAnswer["excludedGrounds"] = [];
  for (const { p, c } of governing) {
    if (p.kind === "refusal_ground")
      provisionGrounds.push({
        ground: p.ground,
        kind: p.mode,
        from: "provision",
        ...cite(c, p),
        ...(p.measures ? { measures: p.measures } : {}),
      });
    if (p.kind === "excluded_ground") excludedGrounds.push({ ground: p.ground, ...cite(c, p) });
  }

  // Singular topics: the first governing provision by rank prevails; the others are shown with why not.
  // Provisions of the same kind that did not prevail, each with why: its own reason for not applying,
  // or `outranked` when it applied but a basis of higher rank won.
  const losersOf = (
    kind: Provision["kind"],
    winner: Provision | undefined,
    outranked: (c: Applicable) => string,
    outrankedWords: (c: Applicable) => Words,
  ) =>
    allProvisions
      .filter(({ p }) => p.kind === kind && p !== winner)
      .map(({ p, c, why, whyWords }) => ({
        p,
        ...cite(c, p),
        why: why ?? outranked(c),
        whyWords: (why ? whyWords : undefined) ?? outrankedWords(c),
      }));
  const alternativesFor = (kind: Provision["kind"], winner: Provision | undefined) =>
    losersOf(
      kind,
      winner,
      (c) => `rank ${c.rank}: a basis of higher rank prevails`,
      (c) => ({ key: "why.outranked", params: { rank: c.rank } }),
    ).map(({ p: _p, ...alt }) => alt);

  const consult = governing.find(({ p }) => p.kind === "consultation" && p.before.includes("refusal"));
  const consultationBeforeRefusal: ConsultationAnswer = consult
    ? {
        required: true,
        beforePostponement: consult.p.kind === "consultation" && consult.p.before.includes("postponement"),
        ...cite(consult.c, consult.p),
        alternatives: alternativesFor("consultation", consult.p),
      }
    : {
        required: false,
        reason: "no basis that governs the request requires consultation before refusal",
        reasonWords: { key: "reason.noConsultation", params: {} },
        alternatives: alternativesFor("consultation", undefined),
      };

  const lang = governing.find(({ p }) => p.kind === "language");
  const language = lang && lang.p.kind === "language" ? { inst: lang.c.inst, provision: lang.p, citation: cite(lang.c, lang.p) } : null;

  const sc = governing.find(({ p }) => p.kind === "safe_conduct");
  let safeConduct: SafeConductAnswer | null = null;
  if (sc && sc.p.kind === "safe_conduct") {
    const alternatives = losersOf(
      "safe_conduct",
      sc.p,
      (c) => `rank ${c.rank}: ${sc.c.inst.shortTitle} has higher rank`,
      (c) => ({ key: "why.outrankedBy", params: { rank: c.rank, instrument: sc.c.inst.id } }),
    ).map(({ p, ...alt }) => ({
      ...alt,
      days: p.kind === "safe_conduct" ? p.days : 0,
      ...(p.kind === "safe_conduct" && p.maxDays !== undefined ? { maxDays: p.maxDays } : {}),
    }));
    safeConduct = {
      summary: sc.p.summary,
      days: sc.p.days,
      ...(sc.p.maxDays !== undefined ? { maxDays: sc.p.maxDays } : {}),
      ...cite(sc.c, sc.p),
      alternatives,
      prevails:
        sc.c.inst.kind === "bilateral"
          ? `${sc.c.inst.shortTitle} is the bilateral treaty between the two states and ranks first`
          : `${sc.c.inst.shortTitle} is the highest-ranked basis with a safe-conduct rule`,
      prevailsWords: {
        key: sc.c.inst.kind === "bilateral" ? "prevails.bilateral" : "prevails.highestRanked",
        params: { instrument: sc.c.inst.id },
      },
    };
  }

  // One entry per item and level: an item required only for some measures (1959 Convention art. 14(1)(d):
  // the address of the person to be served) and advised for every request (art. 14(1)(c)) stays two rules.
  const reqMap = new Map<string, RequirementAnswer>();
  // An item some provision asks for every request stays asked for every request at that level, even where
  // another provision asks for it only for some measures.
  const forEveryRequest = new Set<string>();
  for (const { p, c } of governing) {
    if (p.kind !== "request_contents") continue;
    for (const item of p.items) {
      const key = `${item}|${p.level}`;
      const entry = reqMap.get(key) ?? { item, level: p.level, citations: [] };
      entry.citations.push(cite(c, p));
      if (p.measures) entry.measures = [...new Set([...(entry.measures ?? []), ...p.measures])];
      else forEveryRequest.add(key);
      reqMap.set(key, entry);
    }
  }
  for (const key of forEveryRequest) delete reqMap.get(key)?.measures;
  // An advised item that is also required of every request adds nothing.
  for (const [key, r] of reqMap) if (r.level === "advised" && forEveryRequest.has(`${r.item}|required`)) reqMap.delete(key);

  const duties: DutyAnswer[] = [];
  for (const { p, c } of governing) {
    if (!DUTY_KINDS.has(p.kind)) continue;
    const {
      id: _id,
      article: _a,
      summary,
      source: _s,
      kind,
      validFrom: _f,
      validTo: _t,
      ...detail
    } = p as Provision & Record<string, unknown>;
    // A copy: the detail's lists belong to the knowledge base, which the answer must not expose to change.
    duties.push({ kind, summary, ...cite(c, p), ...(Object.keys(detail).length > 0 ? { detail: structuredClone(detail) } : {}) });
  }

  return deepFreeze({
    provisionNodes,
    measures,
    provisionGrounds,
    excludedGrounds,
    consultationBeforeRefusal,
    language,
    safeConduct,
    requirements: [...reqMap.values()],
    duties,
    yields,
  });
}

/** The core for a selection, remembered per knowledge base under everything it depends on. */
function rememberedCoreOf(kb: KnowledgeBase, sel: Selection, query: BasisQuery): Core {
  const cores = engineIndex(kb).cores;
  const key = [
    query.on,
    (query.measures ?? []).join(","),
    sel.applicable.map((c) => c.inst.id).join(","),
    sel.unconfirmed.map((u) => u.instrument).join(","),
  ].join("|");
  const known = cores.get(key);
  if (known) return known;
  const core = coreOf(kb, sel, query);
  if (cores.size >= CORES_KEPT) cores.delete(cores.keys().next().value as string);
  cores.set(key, core);
  return core;
}

/** Resolves the legal basis and everything it demands, with the explanation behind each answer. */
export function resolveBasis(kb: KnowledgeBase, query: BasisQuery): BasisAnswer {
  const sel = select(kb, query, consideredIndexed(kb, query.from, query.to));
  return assemble(kb, query, sel, rememberedCoreOf(kb, sel, query));
}

/**
 * The same answer computed the plain way: every instrument's party list looked at, nothing remembered.
 * The reference the indexed engine is tested against (basis.property.test.ts) and the benchmark's baseline.
 */
export function resolveBasisUnindexed(kb: KnowledgeBase, query: BasisQuery): BasisAnswer {
  const sel = select(kb, query, consideredByScan(kb, query.from, query.to));
  return assemble(kb, query, sel, coreOf(kb, sel, query));
}

/**
 * A provision's line in the rule tree as a descriptor: made once per provision and shared by every
 * answer (answers are never mutated), so the tree's words cost nothing per pair asked.
 */
const provisionLabels = new WeakMap<Provision, Words>();
function provisionLabelWords(p: Provision): Words {
  let words = provisionLabels.get(p);
  if (!words) {
    words = { key: "tree.provision", params: { article: p.article, summary: p.summary } };
    provisionLabels.set(p, words);
  }
  return words;
}

/** Puts the pair's own facts (dates, ranks, the requested party's reservations and languages) around the core. */
function assemble(kb: KnowledgeBase, query: BasisQuery, sel: Selection, core: Core): BasisAnswer {
  const { from, to, on } = query;
  const { applicable, governingBases, notApplicable, related } = sel;

  const explain: ExplanationNode[] = applicable.map((c, i) => {
    // Each part of the reason beside its descriptor; the descriptors are given only if every part has one.
    const parts: [string | undefined, Words[] | undefined][] = [
      c.since
        ? [`in force for both since ${c.since}`, [{ key: "tree.inForceSince", params: { day: c.since } }]]
        : ["available without a treaty", [{ key: "tree.withoutTreaty", params: {} }]],
      [c.supersededBy ? supersededReason(c) : undefined, c.supersededBy ? [supersededWords(c) as Words] : undefined],
      [c.condition, c.conditionWords],
      governingBases.includes(c)
        ? [undefined, undefined]
        : ["last resort: treaties bind the two, so its terms are shown for reference only", [{ key: "tree.lastResort", params: {} }]],
    ];
    const present = parts.filter(([text]) => text);
    const worded = present.every(([, words]) => words && words.length > 0);
    return {
      label: `${c.inst.shortTitle} (rank ${c.rank}, ${c.inst.kind})`,
      labelWords: { key: `tree.applicable.${c.inst.kind}`, params: { instrument: c.inst.id, rank: c.rank } },
      instrument: c.inst.id,
      applies: true,
      reason: present.map(([text]) => text).join("; "),
      ...(worded ? { reasonWords: present.flatMap(([, words]) => words ?? []) } : {}),
      children: core.provisionNodes[i] as ExplanationNode[],
    };
  });
  const unconfirmed = sel.unconfirmed.map((u) => ({ ...u, yields: [...core.yields] }));
  for (const u of unconfirmed)
    explain.push({
      label: `${kb.instruments.get(u.instrument)?.shortTitle ?? u.instrument}: status not known`,
      labelWords: { key: "tree.statusUnknown", params: { instrument: u.instrument } },
      instrument: u.instrument,
      applies: false,
      reason: u.reason + (u.yields.length > 0 ? `; if it is in force, the paragraphs named in ${u.yields.join(", ")} yield to it` : ""),
      reasonWords: [
        u.reasonWords,
        ...(u.yields.length > 0 ? [{ key: "tree.yieldsIfInForce", params: { paragraphs: [...u.yields] } }] : []),
      ],
    });
  for (const n of notApplicable)
    if (!unconfirmed.some((u) => u.instrument === n.instrument))
      explain.push({
        label: kb.instruments.get(n.instrument)?.shortTitle ?? n.instrument,
        labelWords: { key: "tree.instrument", params: { instrument: n.instrument } },
        instrument: n.instrument,
        applies: false,
        reason: n.reason,
        reasonWords: n.reasonWords,
      });

  // Reservations of the requested party on the governing instruments.
  const reservations: BasisAnswer["reservations"] = [];
  for (const c of governingBases) {
    const entry = kb.parties.get(c.inst.id)?.get(to);
    // A state's reservations are not assumed to bind a territory it extended the instrument to: a
    // territory carries its own declarations (China's for Hong Kong and Macao, for example).
    const own = !entry ? [] : entry.via ? (entry.via.reservations ?? []) : (entry.party.reservations ?? []);
    for (const r of own) {
      if (!validOn(r, on)) continue;
      reservations.push({
        instrument: c.inst.id,
        provision: r.id,
        cite: `${c.inst.shortTitle}, ${r.kind} of ${to} on ${r.article}`,
        jurisdiction: to,
        effect: r.effect,
        summary: r.summary,
      });
    }
  }

  // Search and seizure carries the conditions the requested party attached to it by reservation.
  const conditions = reservations.flatMap((r) =>
    r.effect.type === "search_seizure_conditions"
      ? [{ instrument: r.instrument, provision: r.provision, cite: r.cite, conditions: r.effect.conditions }]
      : [],
  );
  const measures =
    conditions.length > 0
      ? core.measures.map((m) => (m.measure === "search_seizure" ? { ...m, conditions } : m))
      : (core.measures as MeasureAnswer[]);

  const reservedGrounds: GroundAnswer[] = [];
  for (const r of reservations)
    if (r.effect.type === "refusal_ground")
      reservedGrounds.push({
        ground: r.effect.ground,
        kind: r.effect.mode,
        from: "reservation",
        instrument: r.instrument,
        provision: r.provision,
        cite: r.cite,
      });
  const refusalGrounds =
    reservedGrounds.length > 0 ? [...core.provisionGrounds, ...reservedGrounds] : (core.provisionGrounds as GroundAnswer[]);

  const languages: LanguageAnswer[] = [];
  let languageRule: BasisAnswer["languageRule"] = null;
  const lang = core.language;
  if (lang) {
    languageRule = { rule: lang.provision.rule, summary: lang.provision.summary, ...lang.citation };
    for (const r of reservations)
      if (r.effect.type === "language" && (r.instrument === lang.inst.id || kb.instruments.get(r.instrument)?.supplements === lang.inst.id))
        for (const l of r.effect.languages) languages.push({ language: l, instrument: r.instrument, provision: r.provision, cite: r.cite });
    if (languages.length === 0) {
      if (lang.provision.rule === "listed")
        for (const l of lang.provision.languages ?? []) languages.push({ language: l, ...lang.citation });
      else if (lang.provision.rule === "requested_party" || lang.provision.rule === "acceptable_to_requested_party")
        for (const l of jurisdiction(to)?.languages ?? [])
          languages.push({
            language: l,
            ...lang.citation,
            fallback: lang.provision.rule !== "requested_party" || lang.inst.kind === "reciprocity",
          });
    }
  } else {
    for (const l of jurisdiction(to)?.languages ?? [])
      languages.push({ language: l, instrument: "", provision: "", cite: `official language of ${to} (no rule found)`, fallback: true });
  }

  const bases: Basis[] = applicable.map((c) => ({
    instrument: c.inst.id,
    title: c.inst.title,
    kind: c.inst.kind as Basis["kind"],
    inForceSince: c.since,
    rank: c.rank,
    ...(c.condition ? { condition: c.condition, ...(c.conditionWords ? { conditionWords: c.conditionWords } : {}) } : {}),
    ...(c.inst.supplements ? { supplements: c.inst.supplements } : {}),
    ...(c.supersededBy
      ? { supplements: c.supersededBy.inst.id, precedence: supersededReason(c), precedenceWords: supersededWords(c) as Words }
      : {}),
    ...(c.statusAsOf !== undefined ? { statusAsOf: c.statusAsOf } : {}),
  }));

  return {
    from,
    to,
    on,
    ...(query.offence ? { offence: query.offence } : {}),
    bases,
    notApplicable,
    unconfirmed,
    related,
    measures,
    refusalGrounds,
    excludedGrounds: core.excludedGrounds as BasisAnswer["excludedGrounds"],
    consultationBeforeRefusal: core.consultationBeforeRefusal,
    languages,
    languageRule,
    safeConduct: core.safeConduct,
    requirements: core.requirements as RequirementAnswer[],
    duties: core.duties as DutyAnswer[],
    reservations,
    explanation: {
      label: `Legal basis for a request from ${from} to ${to} on ${on}`,
      labelWords: { key: "tree.root", params: { code: from, peer: to, day: on } },
      applies: applicable.length > 0,
      children: explain,
    },
  };
}
