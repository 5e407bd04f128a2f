import { ListEditor, Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** Whom the requested state may contact about the request. */
export function ContactsStep({ content: d, update }: StepProps) {
  const set = fieldSetter(update);
  return (
    <ListEditor
      items={d.contacts}
      empty={{ name: "", role: "", phone: "", email: "" }}
      onChange={(v) => set("contacts", v)}
      addLabel="Add a contact"
      render={(c, change) => (
        <div className="form-grid">
          <Text label="Name" value={c.name} onChange={(v) => change({ ...c, name: v })} />
          <Text label="Role" value={c.role} onChange={(v) => change({ ...c, role: v })} />
          <Text label="Telephone" value={c.phone} onChange={(v) => change({ ...c, phone: v })} />
          <Text label="E-mail" value={c.email} onChange={(v) => change({ ...c, email: v })} />
        </div>
      )}
    />
  );
}
