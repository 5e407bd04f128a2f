/**
 * Property: for any set of measures (and any choice among the applicable bases), the checker's
 * required items are exactly the union of what the relied-on bases' provisions on the contents of
 * requests require for those measures — computed here straight from the provisions, not through the
 * engine's answer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { parseBasisQuery, resolveBasis } from "../law/basis.js";
import { MEASURES, type Measure, type RequestContentItem } from "../law/codes.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { checkDraft, requiredByLaw } from "./checker.js";
import { MEASURE_FIELDS, draftContentSchema } from "./draft.js";
import { lawForDraft } from "./law.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const PAIRS = [
  ["US", "RU"],
  ["RU", "GB"],
  ["GB", "RU"],
  ["CN", "GB"],
  ["GB", "US"],
  ["PL", "GB"],
  ["HK", "RU"],
  ["FR", "DE"],
] as const;
/** Items a request answers once; the others are answered per measure. */
const ONCE: ReadonlySet<RequestContentItem> = new Set([
  "requesting_authority",
  "conducting_authority",
  "subject_and_nature",
  "stage_of_proceedings",
  "facts_summary",
  "offence_text",
  "penalties",
  "purpose",
  "relevance",
  "procedure_wanted",
  "confidentiality",
  "time_limit",
]);

function expectedRequired(instruments: string[], date: string, measures: Measure[]): string[] {
  const rules: { item: RequestContentItem; measures?: Measure[] }[] = [];
  for (const p of kb.provisions.values()) {
    if (!instruments.includes(p.instrument) || p.kind !== "request_contents" || p.level !== "required") continue;
    if ((p.validFrom && p.validFrom > date) || (p.validTo && p.validTo < date)) continue;
    for (const item of p.items) if (item !== "other") rules.push({ item, measures: p.measures });
  }
  const concerns = (r: { measures?: Measure[] }, ms: Measure[]) => !r.measures || r.measures.some((m) => ms.includes(m));
  const ids = new Set<string>();
  for (const r of rules) {
    if (ONCE.has(r.item)) {
      if (concerns(r, measures)) ids.add(r.item);
      continue;
    }
    measures.forEach((m, i) => {
      const answers = r.item === "evidence_sought" || MEASURE_FIELDS[m].some((f) => f.item === r.item && f.kind !== "bool");
      if (answers && concerns(r, [m])) ids.add(`${r.item}:${i}`);
    });
  }
  return [...ids].sort();
}

describe("checker property", () => {
  it("required items = union of the relied bases' requirements for the chosen measures", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAIRS),
        fc.integer({ min: 0, max: 365 * 16 }),
        fc.uniqueArray(fc.constantFrom(...MEASURES), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.nat(),
        ([from, to], dayOffset, measures, alsoPicks, mainPick) => {
          const date = new Date(Date.UTC(2010, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
          const bases = resolveBasis(kb, parseBasisQuery({ from, to, on: date, measures })).bases.map((b) => b.instrument);
          const main = bases[mainPick % bases.length] ?? "";
          const also = [...new Set(alsoPicks.map((i) => bases[i % bases.length] ?? ""))].filter((x) => x && x !== main);
          const draft = draftContentSchema.parse({
            requesting: from,
            requested: to,
            requestDate: date,
            basisInstrument: main,
            alsoRelyOn: also,
            measures: measures.map((measure) => ({ measure })),
          });
          const result = checkDraft(draft, lawForDraft(kb, files, draft));
          expect(requiredByLaw(result).sort()).toEqual(expectedRequired([main, ...also], date, measures));
        },
      ),
      { numRuns: 300 },
    );
  });
});
