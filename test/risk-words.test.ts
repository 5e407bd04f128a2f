/**
 * The request writer's risks in the reader's words (issue 14 §8): for every kind of risk the checker
 * finds (src/drafting/risks.ts), the web app's English under `drafts:checklist.riskWords.<kind>`, with the
 * offence, the basis and the citation in it, is the checker's own English message — so the two stay in
 * step, and the other languages (test/i18n-keys.test.ts) say the same thing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkDraft } from "../src/drafting/checker.js";
import { type DraftContent, draftContentSchema } from "../src/drafting/draft.js";
import { languageName } from "../src/drafting/fixed-text.js";
import { lawForDraft } from "../src/drafting/law.js";
import type { RiskKind } from "../src/drafting/risks.js";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const seed000 = (): DraftContent => draftContentSchema.parse(JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8")));

/** Austria to Armenia under the 1959 European Convention (parties since 1968 and 2002). */
const AUSTRIA_TO_ARMENIA: Partial<DraftContent> = { requesting: "AT", requested: "AM", basisInstrument: "cets-030" };

/** The web app's English words for the request writer, with {{placeholders}} filled as i18next fills them. */
const drafts = JSON.parse(readFileSync("web/src/i18n/locales/en/drafts.json", "utf8")) as {
  checklist: { riskWords: Record<string, string>; offenceN: string };
};
const fill = (sentence: string | undefined, values: Record<string, string | number>) =>
  (sentence ?? "").replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));

/** Seed 000 (US to Russia, 2018) with its offence changed as given, relying on every applicable basis. */
function risksWith(offence: Partial<DraftContent["offences"][number]>, under?: Partial<DraftContent>) {
  const d = seed000();
  d.alsoRelyOn = [];
  if (under) Object.assign(d, under);
  const first = d.offences[0] as DraftContent["offences"][number];
  d.offences = [{ ...first, ...offence }];
  return checkDraft(d, lawForDraft(kb, files, d)).risks;
}

describe("the request writer's risks in words", () => {
  it("words every kind of risk as the checker writes it", () => {
    const found = [
      // US–Russia MLAT, denial of assistance: military offences.
      ...risksWith({ family: "military" }),
      ...risksWith({ family: "political" }),
      ...risksWith({ family: "fiscal" }),
      ...risksWith({ penalty: "Up to life imprisonment or the death penalty" }),
      // Relying also on UNTOC: art. 18(9), no dual criminality, where the offence has no ICCS section.
      ...risksWith({ iccs: null }, { alsoRelyOn: seed000().alsoRelyOn }),
      // Austria to Armenia: the 1959 European Convention, art. 2(a): political and fiscal offences.
      ...risksWith({ family: "political" }, AUSTRIA_TO_ARMENIA),
      ...risksWith({ family: "fiscal" }, AUSTRIA_TO_ARMENIA),
      ...risksWith({ iccs: null }, AUSTRIA_TO_ARMENIA),
      ...risksWith({ penalty: "the death penalty" }, AUSTRIA_TO_ARMENIA),
      // Without a name, the offence is "offence 1".
      ...risksWith({ name: "", family: "military" }),
      // Written in French to Latvia under UNTOC, which accepts English and Latvian (art. 18(14)).
      ...risksWith(
        {},
        {
          requested: "LV",
          basisInstrument: "untoc-2000",
          language: "fr",
          addressee: {
            jurisdiction: "LV",
            instrument: "untoc-2000",
            readOn: "2026-12-01",
            languages: [{ languages: ["en", "lv"], cite: "UNTOC, Art. 18(14)", provision: "untoc-2000:lv-art-18-14-language" }],
          },
        },
      ),
    ];
    const kinds = new Set<RiskKind>();
    for (const r of found) {
      kinds.add(r.kind);
      const offence = r.offence ?? fill(drafts.checklist.offenceN, { n: (r.offenceIndex ?? 0) + 1 });
      // The language risk names languages (the screen in the reader's language, here English) instead of an offence.
      const languages: Record<string, string> = r.languages
        ? { language: languageName(r.languages.written, "en"), accepted: r.languages.accepted.map((l) => languageName(l, "en")).join(", ") }
        : {};
      expect(fill(drafts.checklist.riskWords[r.kind], { offence, basis: r.basis.title, cite: r.citation.cite, ...languages })).toBe(
        r.message,
      );
    }
    // The bases recorded give no death-penalty ground, so that kind is checked by the keys test only.
    expect([...kinds].sort()).toEqual(["fiscal", "language", "military", "no_iccs", "political"]);
    expect(found.some((r) => r.offence === null)).toBe(true);
  });
});
