import { useId } from "react";
import { DirectoryAddressee } from "../../../components/DirectoryAddressee";
import { useTranslation } from "react-i18next";
import { DOCUMENT_LANGUAGES, type DocumentLanguage, type DraftContent, measureRequestSchema } from "../../../../../src/drafting/draft";
import { MEASURES, type Measure } from "../../../../../src/law/codes";
import { formatDate, label } from "../../../format";
import { FieldError, StateSelect, Text } from "../fields";
import { type StepProps, measureWords } from "../model";
import { BasisWarnings } from "../../BasisWarnings";

/** The states, the date, the language and the measures, and the legal basis they give. */
export function BasisStep({ content: d, update, law, jurisdictions, check, touched, touch }: StepProps) {
  const { t } = useTranslation("drafts");
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
      {law && <BasisWarnings warnings={law.warnings} title={t("basis.warnings")} id="h-basis-warnings" testId="basis-warnings" />}
      <div className="form-grid">
        <StateSelect
          label={t("basis.requesting")}
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
          label={t("basis.requested")}
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
          label={t("basis.date")}
          type="date"
          value={d.requestDate}
          onChange={(v) => set({ requestDate: v, basisInstrument: "", alsoRelyOn: [] })}
          onBlur={() => touch("requestDate")}
          error={errorOf("requestDate")}
        />
        <label>
          {t("basis.language")}
          <select value={d.language} onChange={(e) => set({ language: e.target.value as DocumentLanguage })}>
            {DOCUMENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="measures" {...(errorOf("measures") ? { "aria-describedby": measuresErrorId } : {})}>
        <legend>{t("basis.measures")}</legend>
        {MEASURES.map((m) => (
          <label key={m} className="check">
            <input type="checkbox" checked={chosen.has(m)} onChange={(e) => toggleMeasure(m, e.target.checked)} />
            {measureWords(m)}
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
          <h3>{t("basis.legalBasis")}</h3>
          <p className="hint">{t("basis.applicable", { date: formatDate(d.requestDate) })}</p>
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
                    {t("basis.alsoRely")}
                  </label>
                )}
                {b.condition && <span className="condition"> {b.condition}</span>}
              </li>
            ))}
          </ul>
          <h3>{t("basis.demands")}</h3>
          {requirements.length === 0 ? (
            <p className="hint">{t("basis.noRule", { basis: main?.title ?? "" })}</p>
          ) : (
            <ul>
              {requirements.map((r) => (
                <li key={`${r.basis}-${r.item}-${r.level}`}>
                  {r.measures
                    ? t("basis.requirementFor", {
                        item: label(r.item),
                        level: t(`basis.levels.${r.level}`),
                        measures: r.measures.map(label).join(", "),
                        cites: r.citations.map((c) => c.cite).join("; "),
                      })
                    : t("basis.requirement", {
                        item: label(r.item),
                        level: t(`basis.levels.${r.level}`),
                        cites: r.citations.map((c) => c.cite).join("; "),
                      })}
                </li>
              ))}
            </ul>
          )}
          {main && <DirectoryAddressee jurisdiction={d.requested} instrument={main.instrument} />}
          {main && main.answer.languages.length > 0 && (
            <p>
              {t("basis.languages", {
                languages: main.answer.languages.map((l) => l.language).join(", "),
                cites: [...new Set(main.answer.languages.map((l) => l.cite))].join("; "),
              })}
            </p>
          )}
        </div>
      )}
    </>
  );
}
