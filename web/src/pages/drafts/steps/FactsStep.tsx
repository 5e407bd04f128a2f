import { useTranslation } from "react-i18next";
import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** The summary of the facts. */
export function FactsStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <Text label={t("facts.summary")} long value={d.facts} onChange={(v) => set("facts", v)} field="facts" check={check} />
      <p className="hint wide">{t("facts.hint")}</p>
    </div>
  );
}
