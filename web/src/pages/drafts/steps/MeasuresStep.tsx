import { useTranslation } from "react-i18next";
import type { CheckResult } from "../../../../../src/drafting/checker";
import { MEASURE_FIELDS, type MeasureField, type MeasureRequest, measureValue, personSchema } from "../../../../../src/drafting/draft";
import { FIXED_TEXT } from "../../../../../src/drafting/fixed-text";
import { Text, Why } from "../fields";
import { type StepProps, measureWords } from "../model";
import { currentLanguage } from "../../../i18n";

/** Each measure sought, with the fields that measure needs. */
export function MeasuresStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  if (d.measures.length === 0) return <p className="hint">{t("measures.chooseFirst")}</p>;
  const change = (i: number, m: MeasureRequest) => update((x) => ({ ...x, measures: x.measures.map((y, j) => (j === i ? m : y)) }));
  return (
    <>
      {d.measures.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a measure may be sought twice; its position is its identity.
        <fieldset key={`${m.measure}-${i}`} className="card">
          <legend>{t("measures.numbered", { n: i + 1, measure: measureWords(m.measure) })}</legend>
          <div className="form-grid">
            <Text
              label={t("measures.description")}
              long
              value={m.description}
              onChange={(v) => change(i, { ...m, description: v })}
              field={`measures.${i}.description`}
              check={check}
            />
            {MEASURE_FIELDS[m.measure].map((f) => (
              <MeasureInput
                key={f.key}
                field={f}
                m={m}
                onChange={(next) => change(i, next)}
                path={`measures.${i}.${f.key}`}
                check={check}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}

function MeasureInput({
  field,
  m,
  onChange,
  path,
  check,
}: {
  field: MeasureField;
  m: MeasureRequest;
  onChange: (m: MeasureRequest) => void;
  path: string;
  check: CheckResult;
}) {
  const value = measureValue(m, field.key);
  const write = (v: string | boolean) => {
    if (field.key.startsWith("person.")) {
      const k = field.key.slice(7);
      const person = m.person ?? personSchema.parse({});
      onChange({ ...m, person: { ...person, [k]: v } });
    } else onChange({ ...m, [field.key]: v });
  };
  if (field.key === "person.role")
    return (
      <label>
        {field.label}
        <select value={String(value ?? "witness")} onChange={(e) => write(e.target.value)}>
          {Object.entries(FIXED_TEXT[currentLanguage()].roles).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
    );
  if (field.kind === "bool")
    return (
      <label className="check">
        <input type="checkbox" checked={value === true} onChange={(e) => write(e.target.checked)} />
        {field.label}
      </label>
    );
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the label wraps a textarea or an input, whichever the field needs.
    <label className={field.kind === "long" ? "wide" : ""}>
      {field.label}
      {field.kind === "long" ? (
        <textarea value={String(value ?? "")} onChange={(e) => write(e.target.value)} rows={4} dir="auto" />
      ) : (
        <input
          value={String(value ?? "")}
          onChange={(e) => write(e.target.value)}
          type={field.kind === "date" ? "date" : "text"}
          dir="auto"
        />
      )}
      <span className="hint">{field.help}</span>
      <Why check={check} field={path} />
    </label>
  );
}
