/**
 * The law of a hearing by video link (pure: runs in the browser too): the provisions of kind `video_link`
 * that govern the case's stored legal basis, with their citations, and whose law punishes perjury during
 * the hearing — only where a governing provision records it; otherwise "not recorded", never a guess.
 */
import type { BasisAnswer } from "../law/basis.js";
import { citeOf } from "../law/basis.js";
import type { KnowledgeBase } from "../law/knowledge.js";

/** One provision on hearings by video link, as the hearing shows it. */
export interface HearingProvision {
  instrument: string;
  provision: string;
  cite: string;
  summary: string;
  /** Set when the provision governs only if a treaty of unknown status is not in force (the basis's caveat). */
  caveat?: string;
}

/** Whose law punishes perjury during the hearing, and which provision says so; `not_recorded` when none does. */
export type PerjuryLaw = { law: "requested_party" | "requesting_party"; provision: string; cite: string } | { law: "not_recorded" };

export interface HearingLaw {
  /** The governing provisions on hearings by video link, in the basis's order of precedence. */
  governing: HearingProvision[];
  /** Provisions on video-link hearings of the case's bases that do not govern it (e.g. yielding under UNTOC art. 18(7)). */
  notGoverning: HearingProvision[];
  perjury: PerjuryLaw;
}

/** The law of a hearing from the case's stored basis answer (and the knowledge base, for the provisions that yield). */
export function hearingLaw(basis: BasisAnswer | null, kb: KnowledgeBase | null): HearingLaw {
  if (!basis) return { governing: [], notGoverning: [], perjury: { law: "not_recorded" } };
  const duties = basis.duties.filter((d) => d.kind === "video_link");
  const governing: HearingProvision[] = duties.map((d) => ({
    instrument: d.instrument,
    provision: d.provision,
    cite: d.cite,
    summary: d.summary,
    ...(d.caveat ? { caveat: d.caveat } : {}),
  }));
  const notGoverning: HearingProvision[] = [];
  if (kb)
    for (const b of basis.bases) {
      const inst = kb.instruments.get(b.instrument);
      if (!inst) continue;
      for (const p of inst.provisions)
        if (p.kind === "video_link" && !duties.some((d) => d.provision === p.id))
          notGoverning.push({ instrument: inst.id, provision: p.id, cite: citeOf(inst, p.article), summary: p.summary });
    }
  let perjury: PerjuryLaw = { law: "not_recorded" };
  for (const d of duties) {
    const law = d.detail?.perjuryLaw;
    if (law === "requested_party" || law === "requesting_party") {
      perjury = { law, provision: d.provision, cite: d.cite };
      break;
    }
  }
  return { governing, notGoverning, perjury };
}
