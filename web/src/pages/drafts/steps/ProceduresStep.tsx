import { useTranslation } from "react-i18next";
import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** Any procedure the requested state should follow in executing the request. */
export function ProceduresStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <label className="check wide">
        <input
          type="checkbox"
          checked={d.procedures.none}
          onChange={(e) => set("procedures", { ...d.procedures, none: e.target.checked })}
        />
        {t("procedures.none")}
      </label>
      {!d.procedures.none && (
        <Text
          label={t("procedures.text")}
          long
          value={d.procedures.text}
          onChange={(v) => set("procedures", { ...d.procedures, text: v })}
          field="procedures.text"
          check={check}
        />
      )}
    </div>
  );
}
