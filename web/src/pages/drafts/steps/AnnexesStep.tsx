import { useTranslation } from "react-i18next";
import { ListEditor, Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** The annexes and the signature block. */
export function AnnexesStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <>
      <ListEditor
        items={d.annexes}
        empty={{ title: "" }}
        onChange={(v) => set("annexes", v)}
        addLabel={t("annexes.add")}
        render={(a, change) => <Text label={t("annexes.annex")} value={a.title} onChange={(v) => change({ title: v })} />}
      />
      <h3>{t("annexes.signature")}</h3>
      <div className="form-grid">
        <Text
          label={t("annexes.signatory")}
          value={d.signatory.name}
          onChange={(v) => set("signatory", { ...d.signatory, name: v })}
          field="signatory.name"
          check={check}
        />
        <Text label={t("annexes.title")} value={d.signatory.title} onChange={(v) => set("signatory", { ...d.signatory, title: v })} />
        <Text label={t("annexes.place")} value={d.signatory.place} onChange={(v) => set("signatory", { ...d.signatory, place: v })} />
      </div>
    </>
  );
}
