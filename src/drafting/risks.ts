/**
 * The risk check before sending: grounds on which the requested state may refuse under the bases the
 * request relies on, and which the facts as entered may touch; and a request written in a language the
 * requested central authority does not accept (its declaration under e.g. UNTOC art. 18(14), from the
 * draft's addressee). Warnings with the provision's citation, never blocks: whether the ground is met is
 * the requested state's call, and a translation can still be annexed.
 */
import type { Citation, GroundAnswer } from "../law/basis.js";
import type { Ground } from "../law/codes.js";
import type { DraftAddressee, DraftContent } from "./draft.js";
import { languageName } from "./fixed-text.js";
import type { DraftLaw } from "./law.js";

/** Which of the checks found the risk: the screens word it from this, the offence and the basis. */
export type RiskKind = "fiscal" | "military" | "political" | "death_penalty" | "no_iccs" | "language";

export interface Risk {
  /** The refusal ground (null for a language the requested authority does not accept: not a ground, a delay). */
  ground: Ground | null;
  kind: RiskKind;
  message: string;
  citation: Citation;
  offenceIndex?: number;
  /** The offence's name as entered (null when none was: the message then says "offence <n>"). */
  offence: string | null;
  /** The basis whose ground it is: its instrument id and English title. */
  basis: { instrument: string; title: string };
  /** Kind "language": the language the request is written in and those the authority accepts (codes). */
  languages?: { written: string; accepted: string[] };
}

const KIND_OF = {
  fiscal_offence: "fiscal",
  military_offence: "military",
  political_offence: "political",
  death_penalty: "death_penalty",
  no_dual_criminality: "no_iccs",
} as const satisfies Partial<Record<Ground, RiskKind>>;

const DEATH_PENALTY = /death|capital punishment|смертн|peine de mort|pena de muerte|死刑|الإعدام/i;

/** The refusal grounds of every relied basis that the draft's offences or measures may touch. */
export function risksOf(draft: DraftContent, law: DraftLaw): Risk[] {
  const risks: Risk[] = [];
  const measures = new Set(draft.measures.map((m) => m.measure));
  const seen = new Set<string>();
  for (const basis of law.relied) {
    for (const g of basis.answer.refusalGrounds) {
      if (g.measures && !g.measures.some((m) => measures.has(m))) continue;
      draft.offences.forEach((o, i) => {
        const name = o.name.trim() || `offence ${i + 1}`;
        const add = (gr: GroundAnswer, message: string, offenceIndex: number) => {
          const key = `${gr.provision}|${offenceIndex}`;
          if (seen.has(key)) return;
          seen.add(key);
          const { instrument, provision, cite } = gr;
          risks.push({
            ground: gr.ground,
            kind: KIND_OF[gr.ground as keyof typeof KIND_OF],
            message,
            citation: { instrument, provision, cite },
            offenceIndex,
            offence: o.name.trim() || null,
            basis: { instrument: basis.instrument, title: basis.title },
          });
        };
        if (g.ground === "fiscal_offence" && o.family === "fiscal")
          add(g, `${name} is a fiscal offence, and ${basis.title} lets the requested state refuse for fiscal offences (${g.cite}).`, i);
        if (g.ground === "military_offence" && o.family === "military")
          add(g, `${name} is an offence under military law, a ground for refusal under ${basis.title} (${g.cite}).`, i);
        if (g.ground === "political_offence" && o.family === "political")
          add(g, `${name} may be regarded as a political offence, a ground for refusal under ${basis.title} (${g.cite}).`, i);
        if (g.ground === "death_penalty" && DEATH_PENALTY.test(o.penalty))
          add(
            g,
            `The penalty stated for ${name} includes the death penalty; ${basis.title} allows refusal unless assurances are given (${g.cite}).`,
            i,
          );
        if (g.ground === "no_dual_criminality" && !o.iccs)
          add(
            g,
            `${name} is mapped to no category of the ICCS, so dual criminality cannot be shown side by side; ${basis.title} allows refusal where the conduct is not an offence in the requested state (${g.cite}).`,
            i,
          );
      });
    }
  }
  const language = languageRisk(draft, law);
  if (language) risks.push(language);
  return risks;
}

/** The request's language, when the requested authority declared the languages it accepts under the main basis and this is not one. */
function languageRisk(draft: DraftContent, law: DraftLaw): Risk | null {
  const main = law.relied.find((r) => r.main);
  const a = draft.addressee;
  if (!main || !a || a.jurisdiction !== draft.requested || a.instrument !== main.instrument) return null;
  const accepted = [...new Set(a.languages.flatMap((g) => g.languages))];
  if (accepted.length === 0 || accepted.includes(draft.language)) return null;
  const first = a.languages[0] as DraftAddressee["languages"][number];
  const cite = [...new Set(a.languages.map((g) => g.cite))].join("; ");
  const names = accepted.map((l) => languageName(l, "en")).join(", ");
  return {
    ground: null,
    kind: "language",
    message: `The request is written in ${languageName(draft.language, "en")}, which the requested central authority does not accept under ${main.title}; it accepts ${names} (${cite}).`,
    citation: { instrument: main.instrument, provision: first.provision, cite },
    offence: null,
    basis: { instrument: main.instrument, title: main.title },
    languages: { written: draft.language, accepted },
  };
}
