/**
 * What an answer of the engine cannot vouch for, said at the top of it (issue 14 §2). Every warning is
 * derived from the knowledge files themselves — a party list marked `complete: false` with its
 * `statusAsOf`, a bilateral list that is incomplete, a provision or a party record carrying
 * `unverified`, a language rule that is not recorded — never from a legal fact supposed here. The
 * engine's rulings stay as they are: warnings are added beside them, for the officer to check before
 * relying on the answer. Pure: the server, the CLI and the browser say the same thing.
 */
import { type BasisAnswer, type Citation, partyBinding } from "./basis.js";
import { jurisdiction } from "./jurisdictions.js";
import type { KnowledgeBase } from "./knowledge.js";
import type { Instrument, Source } from "./schema.js";
import { type Words, citeChecks } from "./words.js";

export type BasisWarningCode =
  /** A convention that could bind both states is not confirmed because its party list here is incomplete. */
  | "party_lists_incomplete"
  /** One state's list of bilateral treaties here is incomplete: a treaty between the two may be missing. */
  | "bilateral_list_incomplete"
  /** A bilateral treaty is recorded between the two but its entry into force is not known. */
  | "treaty_status_unknown"
  /** Provisions cited in the answer carry `unverified` (typically: article number not checked). */
  | "provisions_unverified"
  /** The party record of one of the two states for a basis carries `unverified`. */
  | "party_record_unverified"
  /** No rule on the language of requests is recorded, or the rule names no language. */
  | "language_not_recorded";

export interface BasisWarning {
  /** Stable machine code, for scripts. */
  code: BasisWarningCode;
  /** One sentence for the officer, naming the instruments and the dates it rests on. */
  message: string;
  /** The message as a descriptor (src/law/words.ts), for the screens in other languages. */
  words: Words;
  /** The instruments the warning is about. */
  instruments?: string[];
  /** The provisions the warning is about (provisions_unverified). */
  provisions?: string[];
}

/** An answer with what it cannot vouch for: the JSON of `GET /api/v1/basis` and `rogatory basis --json`. */
export type BasisAnswerWithWarnings = BasisAnswer & { warnings: BasisWarning[] };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "27 January 2014". */
export function longDateEn(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? ""} ${y}`;
}

/** "A", "A and B", "A, B and C". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function nameOf(code: string): string {
  return jurisdiction(code)?.name ?? code;
}

/**
 * A source's document as a reader should see it: without the repository paths (`shared/seeds/000`,
 * `/work/shared/seeds/000_….txt`) the knowledge files use to point reviewers at their copy of it.
 */
export function readableSourceDocument(document: string | undefined): string {
  if (!document) return "";
  return (
    document
      .replace(/\s*\((?:\/work\/)?shared\/seeds\/[^)]*\)/g, "")
      .replace(/,?\s*(?:\/work\/)?shared\/seeds\/[\w.]+/g, "")
      // A copy in a public repository, pinned to a commit ("via zmjones/untreaties:treaties/18-12.csv@003c…"),
      // is the reviewers' trail; the reader gets the document it is a copy of.
      .replace(/,?\s*(?:(?:as scraped )?(?:via|at|in|from)\s+)?[\w.-]+\/[\w.-]+:[^\s;,)]+@[0-9a-f]{7,40}/g, "")
      .replace(/\s{2,}/g, " ")
      .trim()
  );
}

/** The source as one line for a reader: document (without repository paths) and article. */
export function readableSource(source: Source): string {
  const doc = readableSourceDocument(source.document);
  return [doc, source.article].filter((x) => x && x.length > 0).join(", ");
}

/**
 * Whether the article number of a provision was checked against the text: false when its `unverified`
 * note says the article was not checked (or is not known). Reservations and unknown ids count as checked:
 * nothing in the data says otherwise.
 */
export function articleChecked(kb: KnowledgeBase, provisionId: string): boolean {
  const note = kb.provisions.get(provisionId)?.unverified;
  return !note || !/\barticle\b/i.test(note);
}

/**
 * A citation as the officer reads it: the instrument and article, and — where the article number was
 * not checked against the text — a label saying so. Never a repository path or a provision id.
 */
export function citeLabel(kb: KnowledgeBase, c: Pick<Citation, "provision" | "cite">): string {
  const p = kb.provisions.get(c.provision);
  if (!p?.unverified) return c.cite;
  return articleChecked(kb, c.provision) ? `${c.cite} (not verified against the text)` : `${c.cite} (article number not checked)`;
}

/** `citeLabel` as a descriptor (src/law/words.ts): the citation, labelled by the params `unchecked`/`unverified`. */
export function citeWords(kb: KnowledgeBase, c: Pick<Citation, "provision" | "cite">): Words {
  return { key: "cite.one", params: { cite: c.cite, ...citeChecks(kb, [c]) } };
}

/** Every citation an answer relies on (the prevailing ones, not the alternatives it lists for reference). */
export function citationsOf(a: BasisAnswer): Citation[] {
  const out: Citation[] = [];
  for (const m of a.measures)
    if (m.available && m.instrument && m.provision && m.cite) out.push({ instrument: m.instrument, provision: m.provision, cite: m.cite });
  out.push(...a.refusalGrounds, ...a.excludedGrounds, ...a.duties);
  const c = a.consultationBeforeRefusal;
  if (c.required && c.instrument && c.provision && c.cite) out.push({ instrument: c.instrument, provision: c.provision, cite: c.cite });
  if (a.languageRule) out.push(a.languageRule);
  if (a.safeConduct) out.push(a.safeConduct);
  for (const r of a.requirements) out.push(...r.citations);
  return out;
}

/** Whether a MLA instrument's party data could hide that it binds both states on the date. */
function incompleteFor(kb: KnowledgeBase, inst: Instrument, a: BasisAnswer): boolean {
  const file = kb.partyFiles.get(inst.id);
  if (!file || file.complete) return false;
  let missing = false;
  for (const code of [a.from, a.to]) {
    const binding = partyBinding(kb, inst, code, a.on);
    if (binding.bound) continue;
    const entry = kb.parties.get(inst.id)?.get(code);
    // Not listed at all: "absent is not no" when the list is incomplete (knowledge/README.md).
    if (!entry) {
      missing = true;
      continue;
    }
    // Listed as signed only, on a date after the list's status date: a later consent would not be recorded.
    const p = entry.party;
    const laterConsentUnrecorded = !entry.via && p.inForce === null && !p.withdrawn && (file.statusAsOf === null || file.statusAsOf < a.on);
    if (laterConsentUnrecorded) {
      missing = true;
      continue;
    }
    // Anything else (in force only later, withdrawn, an extension that ended) is a recorded fact.
    return false;
  }
  return missing;
}

/** "status as recorded on 10 July 2014 (UNCAC), 27 January 2014 (UNTOC); no status date for the Budapest Convention". */
function statusDates(kb: KnowledgeBase, insts: readonly Instrument[]): string {
  const byDate = new Map<string, string[]>();
  const undated: string[] = [];
  for (const i of insts) {
    const asOf = kb.partyFiles.get(i.id)?.statusAsOf;
    if (!asOf) undated.push(i.shortTitle);
    else byDate.set(asOf, [...(byDate.get(asOf) ?? []), i.shortTitle]);
  }
  const dated = [...byDate].sort(([x], [y]) => y.localeCompare(x)).map(([d, names]) => `${longDateEn(d)} (${listWords(names)})`);
  return [
    dated.length > 0 ? `status as recorded on ${listWords(dated)}` : "",
    undated.length > 0 ? `no status date recorded for ${listWords(undated)}` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

const KIND_ORDER: Record<Instrument["kind"], number> = { multilateral: 0, regional: 1, bilateral: 2, reciprocity: 3, model: 4 };

/**
 * The warnings of an answer, most consequential first. For a draft: `relied`, the answers over the single
 * bases it relies on (their citations count too); `language`, the answer whose language rule the document
 * follows (the main basis's).
 */
export function basisWarnings(
  kb: KnowledgeBase,
  a: BasisAnswer,
  opts: { relied?: readonly BasisAnswer[]; language?: BasisAnswer } = {},
): BasisWarning[] {
  const warnings: BasisWarning[] = [];
  const pair = `${nameOf(a.from)} and ${nameOf(a.to)}`;
  const treatyBases = a.bases.filter((b) => b.kind !== "reciprocity");

  // 1. Conventions whose incomplete party list may hide that they bind both (knowledge/parties/*.yaml `complete`).
  const hidden = a.notApplicable
    .map((n) => kb.instruments.get(n.instrument))
    .filter(
      (i): i is Instrument =>
        i?.binding === true &&
        i.kind !== "model" &&
        i.kind !== "reciprocity" &&
        (i.cooperation === "mla" || i.cooperation === "mixed") &&
        i.entryIntoForce !== null &&
        i.entryIntoForce <= a.on &&
        !a.unconfirmed.some((u) => u.instrument === i.id) &&
        incompleteFor(kb, i, a),
    )
    .sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || x.id.localeCompare(y.id));
  if (hidden.length > 0) {
    // A protocol is named through its convention when that is listed too.
    const named = hidden.filter((i) => !i.supplements || !hidden.some((o) => o.id === i.supplements));
    const words = named.map((i) =>
      hidden.some((o) => o.supplements === i.id)
        ? `${i.shortTitle} (and its protocols)`
        : i.supplements
          ? `${i.shortTitle} to the ${kb.instruments.get(i.supplements)?.shortTitle ?? i.supplements}`
          : i.shortTitle,
    );
    const lists = `the party list${named.length > 1 ? "s" : ""} of ${listWords(words)} ${named.length > 1 ? "are" : "is"} not complete in this knowledge base (${statusDates(kb, named)})`;
    // The named instruments with their status dates ("" when none); those named with their protocols.
    const named_ = {
      lists: named.map((i) => i.id),
      dates: named.map((i) => kb.partyFiles.get(i.id)?.statusAsOf ?? ""),
      withProtocols: named.filter((i) => hidden.some((o) => o.supplements === i.id)).map((i) => i.id),
    };
    warnings.push({
      code: "party_lists_incomplete",
      words: {
        key: treatyBases.length === 0 ? "warnings.partyListsIncomplete.reciprocity" : "warnings.partyListsIncomplete.bases",
        params: { from: a.from, to: a.to, count: named.length, ...named_ },
      },
      message:
        treatyBases.length === 0
          ? `${pair}: no treaty recorded between them; ${lists} — check before relying on reciprocity.`
          : `${pair}: ${lists}; ${named.length > 1 ? "they" : "it"} may bind both states too — check before relying on the bases shown.`,
      instruments: hidden.map((i) => i.id),
    });
  }

  // 2. A hub's list of bilateral treaties that is incomplete, where none is recorded between the two.
  const bilateralRecorded =
    a.bases.some((b) => b.kind === "bilateral") ||
    a.unconfirmed.length > 0 ||
    a.notApplicable.some((n) => kb.instruments.get(n.instrument)?.kind === "bilateral");
  if (!bilateralRecorded)
    for (const list of kb.bilateralLists.values()) {
      if (list.complete || (list.hub !== a.from && list.hub !== a.to)) continue;
      const other = list.hub === a.from ? a.to : a.from;
      warnings.push({
        code: "bilateral_list_incomplete",
        words: {
          key: `warnings.bilateralListIncomplete.${list.statusAsOf ? "dated" : "undated"}${list.missing ? "" : "NotStated"}`,
          params: {
            hub: list.hub,
            other,
            ...(list.statusAsOf ? { date: list.statusAsOf } : {}),
            ...(list.missing ? { note: list.missing } : {}),
          },
        },
        message: `${nameOf(list.hub)}'s bilateral treaties are not all recorded in this knowledge base (${list.statusAsOf ? `status as recorded on ${longDateEn(list.statusAsOf)}` : "no status date recorded"}; missing: ${list.missing ?? "not stated"}) — a treaty with ${nameOf(other)} may exist; check before relying on this answer.`,
      });
    }

  // 3. Bilateral treaties recorded with an unknown entry into force (the engine lists them as unconfirmed).
  for (const u of a.unconfirmed) {
    const short = kb.instruments.get(u.instrument)?.shortTitle ?? u.title;
    warnings.push({
      code: "treaty_status_unknown",
      words: {
        key: u.yields.length > 0 ? "warnings.treatyStatusUnknown.yields" : "warnings.treatyStatusUnknown.plain",
        params: { from: a.from, to: a.to, instrument: u.instrument, ...(u.yields.length > 0 ? { yields: u.yields } : {}) },
      },
      message: `${pair}: the ${short} is recorded between them, but its entry into force is not known — check before relying on this answer${u.yields.length > 0 ? `; if it is in force, it governs instead of the paragraphs named in ${listWords(u.yields)}` : ""}.`,
      instruments: [u.instrument],
    });
  }

  // 4. Provisions cited that carry `unverified`, per instrument.
  const cited = new Map<string, Set<string>>();
  for (const answer of [a, ...(opts.relied ?? [])])
    for (const c of citationsOf(answer)) {
      const p = kb.provisions.get(c.provision);
      if (!p?.unverified) continue;
      const set = cited.get(p.instrument) ?? new Set<string>();
      set.add(p.id);
      cited.set(p.instrument, set);
    }
  for (const [instrument, ids] of [...cited].sort(([x], [y]) => x.localeCompare(y))) {
    const provisions = [...ids].sort();
    const notes = [...new Set(provisions.flatMap((id) => (kb.provisions.get(id)?.unverified ?? "").split("; ")))];
    const short = kb.instruments.get(instrument)?.shortTitle ?? instrument;
    const n = provisions.length;
    warnings.push({
      code: "provisions_unverified",
      words: { key: "warnings.provisionsUnverified", params: { instrument, count: n, notes } },
      message: `${short}: ${n === 1 ? "1 provision cited here is" : `${n} provisions cited here are`} not verified against the text (${notes.join("; ")}) — check the text before citing ${n === 1 ? "it" : "them"}.`,
      instruments: [instrument],
      provisions,
    });
  }

  // 5. The two states' party records for a treaty basis that carry `unverified`.
  for (const b of treatyBases)
    for (const code of [a.from, a.to]) {
      const entry = kb.parties.get(b.instrument)?.get(code);
      if (!entry?.party.unverified || entry.via) continue;
      warnings.push({
        code: "party_record_unverified",
        words: { key: "warnings.partyRecordUnverified", params: { instrument: b.instrument, state: code, note: entry.party.unverified } },
        message: `${kb.instruments.get(b.instrument)?.shortTitle ?? b.instrument}: the party record of ${nameOf(code)} is not verified (${entry.party.unverified}) — check the status before relying on it.`,
        instruments: [b.instrument],
      });
    }

  // 6. The language: "not recorded" unless a provision says what it is (or that none is required).
  const language = languageStatus(kb, opts.language ?? a);
  if (language.status === "not_recorded" || language.status === "acceptable")
    warnings.push({
      code: "language_not_recorded",
      // The same sentence after "Language of the request:", with its own keys (it starts in lower case).
      words: { ...language.words, key: language.words.key.replace(/^language\./, "warnings.language.") },
      message: `Language of the request: ${language.sentence.charAt(0).toLowerCase()}${language.sentence.slice(1)}`,
    });

  return warnings;
}

/** The answer with its warnings: the JSON contract of the API and of `rogatory basis --json`. */
export function withWarnings(kb: KnowledgeBase, a: BasisAnswer): BasisAnswerWithWarnings {
  return { ...a, warnings: basisWarnings(kb, a) };
}

const LANGUAGE_NAMES = (() => {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" });
  } catch {
    return undefined;
  }
})();

/** A language code in words ("ja" → "Japanese"); the code itself where the runtime has no name for it. */
export function languageWord(code: string): string {
  try {
    return LANGUAGE_NAMES?.of(code) ?? code;
  } catch {
    return code;
  }
}

export interface LanguageStatus {
  /**
   * rule: a provision or reservation names the language(s); none_required: a provision says no translation
   * is required; acceptable: a provision asks for a language acceptable to the requested state, which is not
   * recorded; not_recorded: no rule is recorded (the official languages, if any, are shown as a guide).
   */
  status: "rule" | "none_required" | "acceptable" | "not_recorded";
  /** Languages named by the rule; for `acceptable`/`not_recorded`, the official languages shown as a guide. */
  languages: string[];
  /** One sentence for the officer. */
  sentence: string;
  /** The sentence as a descriptor (src/law/words.ts). */
  words: Words;
}

/** What the answer says of the language of the request, in words, without turning "not recorded" into "none". */
export function languageStatus(kb: KnowledgeBase, a: BasisAnswer): LanguageStatus {
  const names = (codes: readonly string[]) => listWords(codes.map(languageWord));
  const to = nameOf(a.to);
  const ruled = a.languages.filter((l) => !l.fallback);
  const guides = [...new Set(a.languages.filter((l) => l.fallback).map((l) => l.language))];
  const rule = a.languageRule;
  const ruleInstrument = rule ? kb.instruments.get(rule.instrument) : undefined;
  if (ruled.length > 0) {
    const langs = [...new Set(ruled.map((l) => l.language))];
    const cites = [...new Set(ruled.map((l) => citeLabel(kb, l)))];
    const citations = [...new Map(ruled.map((l) => [citeLabel(kb, l), l])).values()];
    return {
      status: "rule",
      languages: langs,
      sentence: `${names(langs)} (${cites.join("; ")}).`,
      words: { key: "language.rule", params: { languages: langs, cites: citations.map((c) => c.cite), ...citeChecks(kb, citations) } },
    };
  }
  if (rule && rule.rule === "none_required")
    return {
      status: "none_required",
      languages: [],
      sentence: `No translation required (${citeLabel(kb, rule)}).`,
      words: { key: "language.noneRequired", params: { cite: rule.cite, ...citeChecks(kb, [rule]) } },
    };
  const guide =
    guides.length > 0 ? ` ${to}'s official language${guides.length > 1 ? "s are" : " is"} ${names(guides)}, shown as a guide only.` : "";
  const next: Pick<Words, "next"> =
    guides.length > 0 ? { next: { key: "language.guide", params: { to: a.to, count: guides.length, languages: guides } } } : {};
  if (rule && rule.rule === "acceptable_to_requested_party" && ruleInstrument?.kind !== "reciprocity")
    return {
      status: "acceptable",
      languages: guides,
      sentence: `A language acceptable to ${to} (${citeLabel(kb, rule)}); which languages ${to} accepts is not recorded in this knowledge base — check before translating.${guide}`,
      words: { key: "language.acceptable", params: { to: a.to, cite: rule.cite, ...citeChecks(kb, [rule]) }, ...next },
    };
  const reciprocity = rule && ruleInstrument?.kind === "reciprocity";
  return {
    status: "not_recorded",
    languages: guides,
    sentence: `Not recorded — no rule on the language of requests ${reciprocity ? "binds the two (without a treaty the requested state's own law decides)" : "is recorded for the bases shown"}; check with ${to} before translating.${guide}`,
    words: { key: reciprocity ? "language.notRecordedReciprocity" : "language.notRecorded", params: { to: a.to }, ...next },
  };
}
