import { useTranslation } from "react-i18next";
import { Text, YesNo } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** Whether the request is urgent, by when, and why. */
export function UrgencyStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <YesNo
        question={t("urgency.question")}
        answer={d.urgency.answered ? d.urgency.urgent : null}
        onAnswer={(urgent) => set("urgency", { ...d.urgency, answered: true, urgent })}
        check={check}
        field="urgency"
      />
      {d.urgency.urgent && (
        <>
          <Text
            label={t("urgency.respondBy")}
            type="date"
            value={d.urgency.respondBy}
            onChange={(v) => set("urgency", { ...d.urgency, respondBy: v })}
          />
          <Text label={t("urgency.reason")} long value={d.urgency.reason} onChange={(v) => set("urgency", { ...d.urgency, reason: v })} />
        </>
      )}
    </div>
  );
}
