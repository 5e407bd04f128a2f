import { describe, expect, it } from "vitest";
import { jurisdiction } from "./jurisdictions.js";
import { UN_MEMBER_STATES } from "./un-members.js";

describe("UN member states", () => {
  it("are 193 distinct known jurisdictions, none of them a sub-state jurisdiction", () => {
    expect(new Set(UN_MEMBER_STATES).size).toBe(193);
    for (const code of UN_MEMBER_STATES) {
      expect(jurisdiction(code), code).toBeDefined();
      expect(jurisdiction(code)?.subState, code).toBe(false);
    }
  });
  it("leave out the observer states and territories", () => {
    for (const code of ["VA", "PS", "XK", "TW", "HK", "MO", "PR", "GL"]) expect(UN_MEMBER_STATES).not.toContain(code);
  });
});
