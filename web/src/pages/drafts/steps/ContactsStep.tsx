import { useTranslation } from "react-i18next";
import { ListEditor, Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** Whom the requested state may contact about the request. */
export function ContactsStep({ content: d, update }: StepProps) {
  const { t } = useTranslation("drafts");
  const set = fieldSetter(update);
  return (
    <ListEditor
      items={d.contacts}
      empty={{ name: "", role: "", phone: "", email: "" }}
      onChange={(v) => set("contacts", v)}
      addLabel={t("contacts.add")}
      render={(c, change) => (
        <div className="form-grid">
          <Text label={t("contacts.name")} value={c.name} onChange={(v) => change({ ...c, name: v })} />
          <Text label={t("contacts.role")} value={c.role} onChange={(v) => change({ ...c, role: v })} />
          <Text label={t("contacts.phone")} value={c.phone} onChange={(v) => change({ ...c, phone: v })} />
          <Text label={t("contacts.email")} value={c.email} onChange={(v) => change({ ...c, email: v })} />
        </div>
      )}
    />
  );
}
