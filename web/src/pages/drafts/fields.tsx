/** The request writer's form controls: a labelled text field with the provision that asks for it, yes/no, a state, a list. */
import type { ReactNode } from "react";
import type { CheckResult } from "../../../../src/drafting/checker";

/** Help under a field: which provision requires it (or that practice advises it), from the live checklist. */
export function Why({ check, field }: { check: CheckResult; field: string }) {
  const entries = check.entries.filter((e) => e.field === field || (field.endsWith(".") && e.field.startsWith(field)));
  if (entries.length === 0) return null;
  const law = entries.filter((e) => e.source === "law");
  const cites = [...new Set(law.flatMap((e) => e.citations.map((c) => c.cite)))];
  const required = law.some((e) => e.level === "required");
  return (
    <span className={`why ${required ? "required" : ""}`}>
      {law.length > 0
        ? `${required ? "Required" : "Advised"} by ${cites.join("; ")}`
        : "Advised: requests without it are often returned for more information"}
    </span>
  );
}

export function Text({
  label: text,
  value,
  onChange,
  long,
  field,
  check,
  type,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  long?: boolean;
  field?: string;
  check?: CheckResult;
  type?: string;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the label wraps a textarea or an input, whichever the field needs.
    <label className={long ? "wide" : ""}>
      {text}
      {long ? (
        <textarea value={value} onChange={(e) => onChange(e.target.value)} rows={6} dir="auto" />
      ) : (
        <input value={value} onChange={(e) => onChange(e.target.value)} type={type ?? "text"} dir="auto" />
      )}
      {field && check && <Why check={check} field={field} />}
    </label>
  );
}

/** A yes/no question whose "not answered yet" matters (the checklist asks for an answer either way). */
export function YesNo({
  question,
  answer,
  onAnswer,
  check,
  field,
}: {
  question: string;
  answer: boolean | null;
  onAnswer: (v: boolean) => void;
  check: CheckResult;
  field: string;
}) {
  return (
    <fieldset className="wide">
      <legend>{question}</legend>
      {[true, false].map((v) => (
        <label key={String(v)} className="check">
          <input type="radio" name={field} checked={answer === v} onChange={() => onAnswer(v)} />
          {v ? "Yes" : "No"}
        </label>
      ))}
      <Why check={check} field={field} />
    </fieldset>
  );
}

/** A state chosen from the jurisdictions list. */
export function StateSelect({
  label: text,
  value,
  onChange,
  jurisdictions,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  jurisdictions: { code: string; name: string }[];
}) {
  return (
    <label>
      {text}
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={text}>
        <option value="">—</option>
        {jurisdictions.map((j) => (
          <option key={j.code} value={j.code}>
            {j.name} ({j.code})
          </option>
        ))}
      </select>
    </label>
  );
}

export function ListEditor<T>({
  items,
  empty,
  onChange,
  render,
  addLabel,
}: {
  items: T[];
  empty: T;
  onChange: (v: T[]) => void;
  render: (item: T, change: (v: T) => void) => ReactNode;
  addLabel: string;
}) {
  return (
    <div>
      {items.map((it, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity of their own; order is the identity.
        <div key={i} className="card">
          {render(it, (v) => onChange(items.map((x, j) => (j === i ? v : x))))}
          <button type="button" className="link-button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...items, empty])}>
        {addLabel}
      </button>
    </div>
  );
}
