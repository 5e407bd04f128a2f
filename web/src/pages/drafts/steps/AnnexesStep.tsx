import { ListEditor, Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** The annexes and the signature block. */
export function AnnexesStep({ content: d, update, check }: StepProps) {
  const set = fieldSetter(update);
  return (
    <>
      <ListEditor
        items={d.annexes}
        empty={{ title: "" }}
        onChange={(v) => set("annexes", v)}
        addLabel="Add an annex"
        render={(a, change) => <Text label="Annex" value={a.title} onChange={(v) => change({ title: v })} />}
      />
      <h3>Signature</h3>
      <div className="form-grid">
        <Text
          label="Name of the signatory"
          value={d.signatory.name}
          onChange={(v) => set("signatory", { ...d.signatory, name: v })}
          field="signatory.name"
          check={check}
        />
        <Text label="Title" value={d.signatory.title} onChange={(v) => set("signatory", { ...d.signatory, title: v })} />
        <Text label="Place of signature" value={d.signatory.place} onChange={(v) => set("signatory", { ...d.signatory, place: v })} />
      </div>
    </>
  );
}
