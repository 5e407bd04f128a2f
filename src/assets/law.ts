/**
 * The law of a case's criminal assets (issue 15 §1), pure so the web app gives the same answer: for the
 * case's stored legal basis, which steps of an asset's life the basis provides (tracing, freezing,
 * confiscation, realisation, return to the requesting state, restitution to victims, sharing), each with
 * the provision that permits it, and which disposal rule governs — UNCAC art. 57 (return of embezzled
 * public funds to the requesting state) or UNTOC art. 14 (disposal by the confiscating state, priority
 * consideration to compensating victims, sharing by agreement), Vienna 1988 art. 5(5), or a bilateral
 * treaty's own article.
 *
 * The facts (summaries, articles, sources) are the knowledge base's; this file holds only which
 * provision permits which step, by provision id, like a Catala scope's list of rules. A provision the
 * knowledge base lacks, or an instrument not in the case's basis, permits nothing. Model texts (the UN
 * Model Treaty) are never a basis.
 */
import type { BasisAnswer } from "../law/basis.js";
import { citeOf } from "../law/basis.js";
import type { OffenceFamily } from "../law/codes.js";
import type { KnowledgeBase } from "../law/knowledge.js";

/** The steps of an asset's life after it is recorded as traced. */
export const ASSET_STEPS = ["trace", "freeze", "confiscate", "realise", "return", "restitution", "share"] as const;
export type AssetStep = (typeof ASSET_STEPS)[number];

/** One provision as an answer cites it. */
export interface AssetCitation {
  instrument: string;
  provision: string;
  cite: string;
  summary: string;
}

/** Whether the basis provides a step, and the provisions that say so (empty when it does not). */
export interface StepAnswer {
  step: AssetStep;
  permitted: boolean;
  citations: AssetCitation[];
  /** Why not, in English, when not permitted. */
  reason?: string;
  /** `reason` as the name of its words (errors:domain.<reasonKey>). */
  reasonKey?: StepRefusal;
}

/** Why a step is refused, as the name of its sentence (REFUSALS). */
export type StepRefusal = "assetNoBasis" | "assetEmbezzledFundsReturned" | "assetUncacNoSharing" | "assetStepNotProvided";

/** The refusals' English (the same sentences are the web app's errors:domain.<key>). */
export const REFUSALS: Record<StepRefusal, string> = {
  assetNoBasis: "No legal basis is recorded for this case, so it provides no step in an asset's life.",
  assetEmbezzledFundsReturned:
    "UNCAC art. 57(3)(a): embezzled public funds are returned to the requesting state; they may be shared only under a case-by-case agreement on final disposal (art. 57(5)).",
  assetUncacNoSharing:
    "UNCAC provides no sharing: record a case-by-case agreement on final disposal (art. 57(5)) or an arrangement binding both states.",
  assetStepNotProvided:
    "The case's legal basis does not provide this step; record an agreement or arrangement between the states that does.",
};

/** The disposal rules the engine knows (see DISPOSAL_RULES). */
export type DisposalRegime = "uncac_57_3_a" | "uncac_57_3_bc" | "untoc_14" | "vienna_5_5" | "bilateral" | "none_recorded";

/** Which disposal rule governs the case's confiscated assets, in words with its citations. */
export interface DisposalAnswer {
  regime: DisposalRegime;
  /** Our words on what the rule requires. */
  rule: string;
  citations: AssetCitation[];
  /** Other disposal rules of the basis that do not govern (another offence, another instrument ranked lower). */
  alsoInBasis: DisposalRegime[];
}

/** What the engine reads besides the basis: the offence the proceeds come from and the sharing instruments recorded for the case. */
export interface AssetFacts {
  /** The proceeds are embezzled public funds or their laundering (UNCAC art. 17 and 23). */
  embezzledPublicFunds?: boolean;
  /** A per-case sharing agreement (or case-by-case arrangement) is recorded between the states. */
  caseAgreement?: boolean;
  /** Instruments recorded as sharing arrangements binding both states (knowledge base ids). */
  arrangements?: readonly string[];
}

export interface AssetLaw {
  steps: StepAnswer[];
  disposal: DisposalAnswer;
}

/** Which provision permits which step, by id (the facts are the knowledge base's). */
const STEP_RULES: readonly { provision: string; steps: readonly AssetStep[]; needs?: "case_agreement" }[] = [
  // Tracing, freezing and confiscation on request.
  { provision: "untoc-2000:art-13", steps: ["trace", "freeze", "confiscate"] },
  { provision: "uncac-2003:art-55", steps: ["trace", "freeze", "confiscate"] },
  { provision: "vienna-1988:art-5-4", steps: ["trace", "freeze", "confiscate"] },
  // Realisation (sale) is disposal by the confiscating state under its own law.
  { provision: "untoc-2000:art-14-1", steps: ["realise"] },
  { provision: "uncac-2003:art-57", steps: ["realise", "return", "restitution"] },
  // UNTOC art. 14(2): priority consideration to return so that victims are compensated or owners repaid.
  { provision: "untoc-2000:art-14-2", steps: ["return", "restitution"] },
  // Sharing by agreement or arrangement, regular or case by case.
  { provision: "untoc-2000:art-14-3", steps: ["share"] },
  { provision: "vienna-1988:art-5-5-b", steps: ["share"] },
  // UNCAC provides no sharing; art. 57(5) allows case-by-case agreements on final disposal.
  { provision: "uncac-2003:art-57-4", steps: ["share"], needs: "case_agreement" },
  // The US–Russia treaty: forfeiture, restitution to victims, transfer of all or part to the other party.
  { provision: "us-ru-mlat-1999:asset-sharing", steps: ["trace", "freeze", "confiscate", "realise", "return", "restitution", "share"] },
];

/** Words for a step (English, for errors and the CLI). */
export const STEP_WORDS: Record<AssetStep, string> = {
  trace: "tracing",
  freeze: "freezing or seizure",
  confiscate: "confiscation",
  realise: "realisation",
  return: "return to the requesting state",
  restitution: "restitution to victims",
  share: "sharing",
};

const cited = (kb: KnowledgeBase, id: string): AssetCitation | null => {
  const p = kb.provisions.get(id);
  const inst = p ? kb.instruments.get(p.instrument) : undefined;
  if (!p || !inst) return null;
  return { instrument: inst.id, provision: p.id, cite: citeOf(inst, p.article), summary: p.summary };
};

/** The instruments of the basis, by rank (models excluded: they are never a basis). */
function basisInstruments(basis: BasisAnswer | null): string[] {
  return basis ? [...basis.bases].sort((a, b) => a.rank - b.rank).map((b) => b.instrument) : [];
}

/** Sharing-arrangement instruments: a recorded instrument with an asset_sharing provision. */
function arrangementCitations(kb: KnowledgeBase, ids: readonly string[]): AssetCitation[] {
  const out: AssetCitation[] = [];
  for (const id of ids) {
    const inst = kb.instruments.get(id);
    if (!inst?.binding) continue;
    for (const p of inst.provisions)
      if (p.kind === "asset_sharing") out.push({ instrument: inst.id, provision: p.id, cite: citeOf(inst, p.article), summary: p.summary });
  }
  return out;
}

/** Which disposal rule governs, from the basis's instruments, the offence and the facts. */
function disposalOf(kb: KnowledgeBase, instruments: string[], offence: OffenceFamily | undefined, facts: AssetFacts): DisposalAnswer {
  const has = (i: string) => instruments.includes(i);
  const regimes: { regime: DisposalRegime; applies: boolean; rule: string; ids: string[] }[] = [
    {
      regime: "uncac_57_3_a",
      applies: has("uncac-2003") && facts.embezzledPublicFunds === true,
      rule: "UNCAC: embezzled public funds (or their laundering) confiscated under art. 55 on a final judgment in the requesting state — a requirement the requested state may waive — are returned to the requesting state; reasonable expenses may be deducted unless the states decide otherwise; sharing only by a case-by-case agreement on final disposal.",
      ids: ["uncac-2003:art-57", "uncac-2003:art-57-4", "uncac-2003:art-51"],
    },
    {
      regime: "uncac_57_3_bc",
      applies: has("uncac-2003") && (offence === "corruption" || (offence === undefined && !has("untoc-2000") && !has("vienna-1988"))),
      rule: "UNCAC: proceeds of other offences under the Convention are returned where the requesting state establishes prior ownership or the requested state recognises its damage; otherwise priority consideration to return to the requesting state, to prior owners or to compensating victims; expenses may be deducted; sharing only by a case-by-case agreement.",
      ids: ["uncac-2003:art-57", "uncac-2003:art-57-4", "uncac-2003:art-51"],
    },
    {
      regime: "untoc_14",
      applies: has("untoc-2000"),
      rule: "UNTOC: the confiscating state disposes of the property under its domestic law; if asked, it gives priority consideration to returning it so that victims are compensated or owners repaid; it may share it with other states, regularly or case by case.",
      ids: ["untoc-2000:art-14-1", "untoc-2000:art-14-2", "untoc-2000:art-14-3"],
    },
    {
      regime: "vienna_5_5",
      applies: has("vienna-1988") && (offence === "drug_trafficking" || offence === undefined),
      rule: "Vienna 1988: the confiscating state may share confiscated proceeds or property with other parties or give them to intergovernmental bodies fighting drug trafficking.",
      ids: ["vienna-1988:art-5-5-b"],
    },
    {
      regime: "bilateral",
      applies: has("us-ru-mlat-1999"),
      rule: "US–Russia treaty: the seizing party disposes of forfeited property under its law and transfers all or part to the other party as far as it deems appropriate and on conditions it accepts.",
      ids: ["us-ru-mlat-1999:asset-sharing"],
    },
  ];
  // Drug-trafficking proceeds fall under Vienna before UNTOC; corruption under UNCAC before UNTOC.
  const order: DisposalRegime[] =
    offence === "drug_trafficking"
      ? ["uncac_57_3_a", "vienna_5_5", "untoc_14", "uncac_57_3_bc", "bilateral"]
      : ["uncac_57_3_a", "uncac_57_3_bc", "untoc_14", "vienna_5_5", "bilateral"];
  const applying = order.map((r) => regimes.find((x) => x.regime === r)).filter((x): x is (typeof regimes)[number] => x?.applies === true);
  const first = applying[0];
  if (!first)
    return {
      regime: "none_recorded",
      rule: "No disposal rule is recorded for this basis: the confiscating state's domestic law governs; any return or sharing needs an agreement between the states.",
      citations: [],
      alsoInBasis: [],
    };
  return {
    regime: first.regime,
    rule: first.rule,
    citations: first.ids.map((id) => cited(kb, id)).filter((c): c is AssetCitation => c !== null),
    alsoInBasis: applying.slice(1).map((r) => r.regime),
  };
}

/**
 * The law of a case's assets: each step with the provisions of the basis that permit it (in the basis's
 * order of precedence) and the disposal rule that governs. Sharing is permitted where the basis provides it,
 * where a recorded arrangement binding both states does, or under UNCAC art. 57(5) once a case-by-case
 * agreement is recorded; under UNCAC art. 57(3)(a) (embezzled public funds) only by such an agreement.
 */
export function assetLaw(basis: BasisAnswer | null, kb: KnowledgeBase, facts: AssetFacts = {}): AssetLaw {
  const instruments = basisInstruments(basis);
  const disposal = disposalOf(kb, instruments, basis?.offence, facts);
  const steps: StepAnswer[] = ASSET_STEPS.map((step) => {
    const citations: AssetCitation[] = [];
    for (const inst of instruments)
      for (const r of STEP_RULES) {
        if (!r.provision.startsWith(`${inst}:`) || !r.steps.includes(step)) continue;
        if (r.needs === "case_agreement" && !facts.caseAgreement) continue;
        // Embezzled public funds under UNCAC are returned: only a case-by-case agreement lets them be shared.
        if (step === "share" && disposal.regime === "uncac_57_3_a" && r.needs !== "case_agreement") continue;
        const c = cited(kb, r.provision);
        if (c) citations.push(c);
      }
    if (step === "share") {
      const arr = arrangementCitations(kb, facts.arrangements ?? []);
      if (disposal.regime !== "uncac_57_3_a" || facts.caseAgreement) citations.push(...arr);
    }
    if (citations.length > 0) return { step, permitted: true, citations };
    const reasonKey: StepRefusal = !basis
      ? "assetNoBasis"
      : step === "share" && disposal.regime === "uncac_57_3_a"
        ? "assetEmbezzledFundsReturned"
        : step === "share" && instruments.includes("uncac-2003")
          ? "assetUncacNoSharing"
          : "assetStepNotProvided";
    return { step, permitted: false, citations, reason: REFUSALS[reasonKey], reasonKey };
  });
  return { steps, disposal };
}

/** The answer for one step (the workflow's guard reads it). */
export const stepAnswer = (law: AssetLaw, step: AssetStep): StepAnswer => law.steps.find((s) => s.step === step) as StepAnswer;
