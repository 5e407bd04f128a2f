import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** Who sends the request and who conducts the proceedings, with the references. */
export function AuthorityStep({ content: d, update, check }: StepProps) {
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <Text
        label="Central authority sending the request (letterhead)"
        value={d.authority.centralAuthority}
        onChange={(v) => set("authority", { ...d.authority, centralAuthority: v })}
      />
      <Text
        label="Its address"
        long
        value={d.authority.centralAuthorityAddress}
        onChange={(v) => set("authority", { ...d.authority, centralAuthorityAddress: v })}
      />
      <Text
        label="Authority conducting the investigation or proceedings"
        value={d.authority.conductedBy}
        onChange={(v) => set("authority", { ...d.authority, conductedBy: v })}
        field="authority.conductedBy"
        check={check}
      />
      <Text
        label="Its functions"
        value={d.authority.conductedByFunctions}
        onChange={(v) => set("authority", { ...d.authority, conductedByFunctions: v })}
        field="authority.conductedByFunctions"
        check={check}
      />
      <Text label="Our reference" value={d.ourReference} onChange={(v) => set("ourReference", v)} />
      <Text label="The requested state's reference (if any)" value={d.theirReference} onChange={(v) => set("theirReference", v)} />
    </div>
  );
}
