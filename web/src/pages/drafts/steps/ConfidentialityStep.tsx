import { useTranslation } from "react-i18next";
import { CONFIDENTIALITY_LABELS, type Confidentiality } from "../../../api";
import { Text, YesNo } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** The case's confidentiality level and whether the requested state must keep the request confidential. */
export function ConfidentialityStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <label>
        {t("confidentiality.level")}
        <select value={d.confidentiality} onChange={(e) => set("confidentiality", e.target.value as Confidentiality)}>
          {(Object.keys(CONFIDENTIALITY_LABELS) as Confidentiality[]).map((l) => (
            <option key={l} value={l}>
              {t(`common:confidentiality.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <YesNo
        question={t("confidentiality.question")}
        answer={d.confidentialityRequest.answered ? d.confidentialityRequest.required : null}
        onAnswer={(required) => set("confidentialityRequest", { ...d.confidentialityRequest, answered: true, required })}
        check={check}
        field="confidentialityRequest"
      />
      {d.confidentialityRequest.required && (
        <Text
          label={t("confidentiality.why")}
          long
          value={d.confidentialityRequest.reasons}
          onChange={(v) => set("confidentialityRequest", { ...d.confidentialityRequest, reasons: v })}
        />
      )}
    </div>
  );
}
