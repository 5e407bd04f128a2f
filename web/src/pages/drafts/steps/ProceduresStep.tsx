import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** Any procedure the requested state should follow in executing the request. */
export function ProceduresStep({ content: d, update, check }: StepProps) {
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <label className="check wide">
        <input
          type="checkbox"
          checked={d.procedures.none}
          onChange={(e) => set("procedures", { ...d.procedures, none: e.target.checked })}
        />
        No particular procedure is needed
      </label>
      {!d.procedures.none && (
        <Text
          label="Procedures to be followed (formalities, certification, presence of officials, oath)"
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
