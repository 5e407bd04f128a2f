/** Error messages in words: the field named as a person would, the rule as a sentence, never a code. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldLabel, issueSentence, sentence } from "./messages.js";
import { id, isoDate, text } from "./schemas.js";

/** The sentence the API would send for a value refused by `schema` in the field at `path`. */
const said = (schema: z.ZodType, value: unknown, path = "") => {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return issueSentence([...path.split(".").filter(Boolean), ...(issue?.path ?? [])], issue ?? {});
};

describe("field labels", () => {
  it.each([
    ["title", "The title"],
    ["/requestDate", "The date of the request"],
    ["theirReference", "The partner's reference"],
    ["measures.0.description", "The description (item 1 of the measures)"],
    ["accessList.3", "Item 4 of the access list"],
    ["somethingNew", "The something new"],
    ["", "The request"],
  ])("%j reads %j", (path, label) => {
    expect(fieldLabel(path)).toBe(label);
  });
  it("lets a route word a field its own way: the audit filter's dates are days, not states", () => {
    expect(fieldLabel("from")).toBe("The requesting state");
    expect(fieldLabel("from", "/api/v1/audit")).toBe("The first day");
  });
});

describe("sentences", () => {
  it("reads the maximum length of a field as a sentence naming it in words", () => {
    expect(said(z.object({ title: text({ max: 400 }) }), { title: "x".repeat(401) })).toBe("The title can be at most 400 characters.");
    expect(said(z.object({ facts: text({ max: 20_000 }) }), { facts: "x".repeat(20_001) })).toBe(
      "The facts can be at most 20,000 characters.",
    );
  });
  it("says an impossible date does not exist, naming the day as people write it", () => {
    expect(said(z.object({ requestDate: isoDate() }), { requestDate: "2018-02-30" })).toBe(
      "The date of the request: 30 February 2018 does not exist.",
    );
    expect(said(z.object({ receivedOn: isoDate() }), { receivedOn: "2019-02-29" })).toBe(
      "The date of receipt: 29 February 2019 does not exist (2019 is not a leap year).",
    );
    // 2020 is a leap year: 29 February exists.
    expect(said(z.object({ receivedOn: isoDate() }), { receivedOn: "2020-02-29" })).toBeNull();
  });
  it("replaces zod's own wording for a missing field, a wrong type, a list too long and a value not offered", () => {
    const schema = z.object({
      title: text({ max: 10 }),
      limit: z.number().int().min(1),
      measures: z.array(z.string()).max(2),
      confidentiality: z.enum(["normal", "confidential"]),
    });
    expect(said(schema, { limit: 1, measures: [], confidentiality: "normal" })).toBe("The title is required.");
    expect(said(schema, { title: "a", limit: 1.5, measures: [], confidentiality: "normal" })).toBe(
      "The number of results must be a whole number.",
    );
    expect(said(schema, { title: "a", limit: 0, measures: [], confidentiality: "normal" })).toBe(
      "The number of results must be at least 1.",
    );
    expect(said(schema, { title: "a", limit: 1, measures: ["a", "b", "c"], confidentiality: "normal" })).toBe(
      "The measures can have at most 2 items.",
    );
    expect(said(schema, { title: "a", limit: 1, measures: [], confidentiality: "secret" })).toBe(
      'The confidentiality must be one of "normal", "confidential".',
    );
  });
  it("never shows the field's code name or zod's wording", () => {
    for (const m of [
      said(z.object({ requestDate: isoDate() }), { requestDate: "x" }),
      said(z.object({ organisationId: id() }), { organisationId: "x" }),
      said(z.object({ theirReference: text({ max: 2 }) }), { theirReference: "abc" }),
    ]) {
      expect(m).toMatch(/^[A-Z].*\.$/);
      expect(m).not.toMatch(/requestDate|organisationId|theirReference|Invalid input|Too big/);
    }
  });
  it("puts a statement after a colon and a predicate straight after the label", () => {
    expect(sentence("to", "must differ from the requesting state")).toBe("The requested state must differ from the requesting state.");
    expect(sentence("on", "30 February 2018 does not exist")).toBe("The date of the request: 30 February 2018 does not exist.");
  });
});
