/** Errors of the law's input: each names the field, the value and the rule it broke. */
export class LawInputError extends Error {
  readonly status = 400;
  constructor(
    readonly code:
      | "unknown_jurisdiction"
      | "invalid_date"
      | "unknown_measure"
      | "unknown_offence"
      | "unknown_instrument"
      | "same_jurisdiction"
      | "no_safe_conduct"
      | "no_extension"
      | "missing_field",
    readonly field: string,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
    this.name = "LawInputError";
  }
}
