/** The checks a case's own fields pass when it is opened or changed. */
import { invalid, worded } from "../errors.js";
import { JURISDICTIONS } from "../law/jurisdictions.js";
import { CONFIDENTIALITY, type Confidentiality } from "../policies/policy.js";

export function checkCaseFields(input: { title: string; requesting: string; requested: string; confidentiality: Confidentiality }) {
  if (input.title.trim().length < 3 || input.title.trim().length > 300) throw invalid("title", "The title must have 3 to 300 characters.");
  for (const f of ["requesting", "requested"] as const)
    if (!JURISDICTIONS.has(input[f]))
      throw worded(invalid(f, `"${input[f]}" is not a known jurisdiction code.`), "unknownJurisdiction", { value: input[f] });
  if (input.requesting === input.requested) throw invalid("requested", "The requested state must differ from the requesting state.");
  if (!CONFIDENTIALITY.includes(input.confidentiality)) throw invalid("confidentiality", `Must be one of ${CONFIDENTIALITY.join(", ")}.`);
}
