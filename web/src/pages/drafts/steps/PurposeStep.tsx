import { useTranslation } from "react-i18next";
import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** The purpose of the request and how the evidence sought relates to the case. */
export function PurposeStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <Text label={t("purpose.purpose")} long value={d.purpose} onChange={(v) => set("purpose", v)} field="purpose" check={check} />
      <Text label={t("purpose.relevance")} long value={d.relevance} onChange={(v) => set("relevance", v)} field="relevance" check={check} />
    </div>
  );
}
