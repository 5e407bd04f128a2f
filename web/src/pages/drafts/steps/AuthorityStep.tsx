import { useTranslation } from "react-i18next";
import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** Who sends the request and who conducts the proceedings, with the references. */
export function AuthorityStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <Text
        label={t("authority.centralAuthority")}
        value={d.authority.centralAuthority}
        onChange={(v) => set("authority", { ...d.authority, centralAuthority: v })}
      />
      <Text
        label={t("authority.address")}
        long
        value={d.authority.centralAuthorityAddress}
        onChange={(v) => set("authority", { ...d.authority, centralAuthorityAddress: v })}
      />
      <Text
        label={t("authority.conductedBy")}
        value={d.authority.conductedBy}
        onChange={(v) => set("authority", { ...d.authority, conductedBy: v })}
        field="authority.conductedBy"
        check={check}
      />
      <Text
        label={t("authority.functions")}
        value={d.authority.conductedByFunctions}
        onChange={(v) => set("authority", { ...d.authority, conductedByFunctions: v })}
        field="authority.conductedByFunctions"
        check={check}
      />
      <Text label={t("authority.ourReference")} value={d.ourReference} onChange={(v) => set("ourReference", v)} />
      <Text label={t("authority.theirReference")} value={d.theirReference} onChange={(v) => set("theirReference", v)} />
    </div>
  );
}
