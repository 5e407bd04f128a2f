import { useTranslation } from "react-i18next";
import { FIXED_TEXT } from "../../../../../src/drafting/fixed-text";
import type { DraftContent } from "../../../../../src/drafting/draft";
import { currentLanguage } from "../../../i18n";
import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** The nature of the case, its subject and the stage of the proceedings. */
export function SubjectStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <label>
        {t("subject.nature")}
        <select
          value={d.subject.nature}
          onChange={(e) => set("subject", { ...d.subject, nature: e.target.value as DraftContent["subject"]["nature"] })}
        >
          {Object.entries(FIXED_TEXT[currentLanguage()].natures).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <Text
        label={t("subject.description")}
        long
        value={d.subject.description}
        onChange={(v) => set("subject", { ...d.subject, description: v })}
        field="subject.description"
        check={check}
      />
      <Text
        label={t("subject.stage")}
        long
        value={d.subject.stage}
        onChange={(v) => set("subject", { ...d.subject, stage: v })}
        field="subject.stage"
        check={check}
      />
    </div>
  );
}
