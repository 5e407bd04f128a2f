/** The request writer's form controls: a labelled text field with the provision that asks for it, yes/no, a state, a list. */
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import type { CheckResult } from "../../../../src/drafting/checker";
import { JurisdictionPicker } from "../../components/JurisdictionPicker";

/** Help under a field: which provision requires it (or that practice advises it), from the live checklist. */
export function Why({ check, field }: { check: CheckResult; field: string }) {
  const { t } = useTranslation("drafts");
  const entries = check.entries.filter((e) => e.field === field || (field.endsWith(".") && e.field.startsWith(field)));
  if (entries.length === 0) return null;
  const law = entries.filter((e) => e.source === "law");
  const cites = [...new Set(law.flatMap((e) => e.citations.map((c) => c.cite)))];
  const required = law.some((e) => e.level === "required");
  return (
    <span className={`why ${required ? "required" : ""}`}>
      {law.length > 0
        ? required
          ? t("fields.requiredBy", { cites: cites.join("; ") })
          : t("fields.advisedBy", { cites: cites.join("; ") })
        : t("fields.advisedPractice")}
    </span>
  );
}

/**
 * A field's error, shown under it once the user has touched the field or tried to move on (never on a
 * form nobody has typed in yet); the control points to it with aria-describedby.
 */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id}>
      {message}
    </span>
  );
}

export function Text({
  label: text,
  value,
  onChange,
  onBlur,
  long,
  field,
  check,
  type,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  long?: boolean;
  field?: string;
  check?: CheckResult;
  type?: string;
  /** The error to show, already filtered by whether the field was touched. */
  error?: string | undefined;
}) {
  const errorId = useId();
  const invalid = error ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the label wraps a textarea or an input, whichever the field needs.
    <label className={long ? "wide" : ""}>
      {text}
      {long ? (
        <textarea value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} rows={6} dir="auto" {...invalid} />
      ) : (
        <input value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} type={type ?? "text"} dir="auto" {...invalid} />
      )}
      <FieldError id={errorId} message={error} />
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
  const { t } = useTranslation("drafts");
  return (
    <fieldset className="wide">
      <legend>{question}</legend>
      {[true, false].map((v) => (
        <label key={String(v)} className="check">
          <input type="radio" name={field} checked={answer === v} onChange={() => onAnswer(v)} />
          {v ? t("fields.yes") : t("fields.no")}
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
  onBlur,
  error,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  onBlur?: () => void;
  jurisdictions?: { code: string; name: string }[];
  error?: string | undefined;
}) {
  return <JurisdictionPicker label={text} value={value} onChange={onChange} onBlur={onBlur} error={error} />;
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
  const { t } = useTranslation("drafts");
  return (
    <div>
      {items.map((it, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity of their own; order is the identity.
        <div key={i} className="card">
          {render(it, (v) => onChange(items.map((x, j) => (j === i ? v : x))))}
          <button type="button" className="link-button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
            {t("fields.remove")}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...items, empty])}>
        {addLabel}
      </button>
    </div>
  );
}
