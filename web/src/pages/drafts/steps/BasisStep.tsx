import { useId } from "react";
import { DOCUMENT_LANGUAGES, type DocumentLanguage, type DraftContent, measureRequestSchema } from "../../../../../src/drafting/draft";
import { MEASURES, type Measure } from "../../../../../src/law/codes";
import { label } from "../../../format";
import { FieldError, StateSelect, Text } from "../fields";
import { LANGUAGE_NAMES, type StepProps } from "../model";
import { BasisWarnings } from "../../BasisWarnings";
import { measureLabel } from "../../../labels";

/** The states, the date, the language and the measures, and the legal basis they give. */
export function BasisStep({ content: d, update, law, jurisdictions, check, touched, touch }: StepProps) {
  const set = (patch: Partial<DraftContent>) => update((x) => ({ ...x, ...patch }));
  const measuresErrorId = useId();
  // What is missing to determine the law: shown under each field once touched, not on a fresh draft.
  const problems = check.entries.filter((e) => e.source === "setup");
  const errorOf = (field: string) => (touched.has(field) ? problems.find((e) => e.field === field)?.label : undefined);
  const CHOSEN_HERE = ["requesting", "requested", "requestDate", "measures"];
  const toggleMeasure = (m: Measure, on: boolean) => {
    touch("measures");
    update((x) => ({
      ...x,
      measures: on ? [...x.measures, measureRequestSchema.parse({ measure: m })] : x.measures.filter((r) => r.measure !== m),
    }));
  };
  const chosen = new Set(d.measures.map((m) => m.measure));
  const bases = law?.answer.bases ?? [];
  const main = law?.relied.find((r) => r.main);
  const requirements = law?.relied.flatMap((r) => r.answer.requirements.map((q) => ({ ...q, basis: r.title }))) ?? [];
  return (
    <>
      {/* What the knowledge base cannot vouch for, at the top of the step (issue 14 §2). */}
      {law && (
        <BasisWarnings warnings={law.warnings} title="Check before relying on this basis" id="h-basis-warnings" testId="basis-warnings" />
      )}
      <div className="form-grid">
        <StateSelect
          label="Requesting state"
          value={d.requesting}
          onChange={(v) => {
            touch("requesting");
            set({ requesting: v, basisInstrument: "", alsoRelyOn: [] });
          }}
          onBlur={() => touch("requesting")}
          jurisdictions={jurisdictions}
          error={errorOf("requesting")}
        />
        <StateSelect
          label="Requested state"
          value={d.requested}
          onChange={(v) => {
            touch("requested");
            set({ requested: v, basisInstrument: "", alsoRelyOn: [] });
          }}
          onBlur={() => touch("requested")}
          jurisdictions={jurisdictions}
          error={errorOf("requested")}
        />
        <Text
          label="Date of the request"
          type="date"
          value={d.requestDate}
          onChange={(v) => set({ requestDate: v, basisInstrument: "", alsoRelyOn: [] })}
          onBlur={() => touch("requestDate")}
          error={errorOf("requestDate")}
        />
        <label>
          Language of the document
          <select value={d.language} onChange={(e) => set({ language: e.target.value as DocumentLanguage })}>
            {DOCUMENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="measures" {...(errorOf("measures") ? { "aria-describedby": measuresErrorId } : {})}>
        <legend>Measures sought</legend>
        {MEASURES.map((m) => (
          <label key={m} className="check">
            <input type="checkbox" checked={chosen.has(m)} onChange={(e) => toggleMeasure(m, e.target.checked)} />
            {measureLabel(m)}
          </label>
        ))}
      </fieldset>
      <FieldError id={measuresErrorId} message={errorOf("measures")} />
      {/* A basis chosen earlier that no longer applies: not a field the user is typing in, so shown at once. */}
      {problems
        .filter((e) => !CHOSEN_HERE.includes(e.field))
        .map((e) => (
          <p key={e.id} className="error">
            {e.label}
          </p>
        ))}
      {law && (
        <div className="card">
          <h3>Legal basis</h3>
          <p className="hint">
            Applicable on {d.requestDate}, in order of precedence. The request is made under one; it may rely on others in the alternative.
          </p>
          <ul className="bases">
            {bases.map((b) => (
              <li key={b.instrument}>
                <label className="check">
                  <input
                    type="radio"
                    name="main-basis"
                    checked={main?.instrument === b.instrument}
                    onChange={() => set({ basisInstrument: b.instrument, alsoRelyOn: d.alsoRelyOn.filter((x) => x !== b.instrument) })}
                  />
                  {b.title}
                </label>
                {main?.instrument !== b.instrument && (
                  <label className="check alternative">
                    <input
                      type="checkbox"
                      checked={d.alsoRelyOn.includes(b.instrument)}
                      onChange={(e) =>
                        set({
                          alsoRelyOn: e.target.checked ? [...d.alsoRelyOn, b.instrument] : d.alsoRelyOn.filter((x) => x !== b.instrument),
                        })
                      }
                    />
                    also rely on it
                  </label>
                )}
                {b.condition && <span className="condition"> {b.condition}</span>}
              </li>
            ))}
          </ul>
          <h3>What the bases relied on demand of the request</h3>
          {requirements.length === 0 ? (
            <p className="hint">
              No rule on the contents of requests is recorded for {main?.title}. The checklist shows what practice expects; rely on another
              basis in the alternative to apply its rules too.
            </p>
          ) : (
            <ul>
              {requirements.map((r) => (
                <li key={`${r.basis}-${r.item}-${r.level}`}>
                  {label(r.item)} — {r.level}
                  {r.measures ? ` (for ${r.measures.map(label).join(", ")})` : ""}: {r.citations.map((c) => c.cite).join("; ")}
                </li>
              ))}
            </ul>
          )}
          {main && main.answer.languages.length > 0 && (
            <p>
              Language: {main.answer.languages.map((l) => l.language).join(", ")} (
              {[...new Set(main.answer.languages.map((l) => l.cite))].join("; ")})
            </p>
          )}
        </div>
      )}
    </>
  );
}
