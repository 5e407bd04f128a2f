import { Text } from "../fields";
import { type StepProps, fieldSetter } from "../model";

/** The summary of the facts. */
export function FactsStep({ content: d, update, check }: StepProps) {
  const set = fieldSetter(update);
  return (
    <div className="form-grid">
      <Text label="Summary of the facts" long value={d.facts} onChange={(v) => set("facts", v)} field="facts" check={check} />
      <p className="hint wide">
        Who did what, when and where; enough for the requested state to see the link between the facts and the assistance sought.
      </p>
    </div>
  );
}
