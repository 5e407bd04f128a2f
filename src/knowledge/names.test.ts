/** Every state name the party tables use maps to the ISO 3166-1 code the table gives for it. */
import { describe, expect, it } from "vitest";
import fixture from "./fixtures/state-names.json" with { type: "json" };
import { NOT_JURISDICTIONS, codeForName } from "./names.js";

const names = Object.entries(fixture.names as Record<string, string | null>);

describe("codeForName", () => {
  it("covers a few hundred names from every table", () => {
    expect(names.length).toBeGreaterThan(200);
  });

  it.each(names.filter(([, code]) => code !== null))("%s is %s", (name, code) => {
    expect(codeForName(name)).toBe(code);
  });

  it("maps old and long UN names through the alias table", () => {
    expect(codeForName("Swaziland")).toBe("SZ");
    expect(codeForName("The former Yugoslav Republic of Macedonia")).toBe("MK");
    expect(codeForName("Bolivia (Plurinational State of)")).toBe("BO");
    expect(codeForName("St. Vincent and the Grenadines")).toBe("VC");
  });

  it("does not map the European Union, and says why it is skipped", () => {
    expect(codeForName("European Union")).toBeUndefined();
    expect(NOT_JURISDICTIONS.EU).toMatch(/not a state/);
  });

  it("returns undefined for a name no package or alias knows", () => {
    expect(codeForName("Atlantis")).toBeUndefined();
  });
});
