/** The configuration's public-law settings: strict values, a clear error naming the variable. */
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "./config.js";

describe("ROGATORY_PUBLIC_LAW", () => {
  it("is off unless set, and reads exactly true or false", () => {
    expect(readConfig({}).publicLaw).toBe(false);
    expect(readConfig({ ROGATORY_PUBLIC_LAW: "true" }).publicLaw).toBe(true);
    expect(readConfig({ ROGATORY_PUBLIC_LAW: " false " }).publicLaw).toBe(false);
  });

  it.each(["yes", "1", "TRUE", "on", "tru"])("stops the start on %j, naming the variable", (value) => {
    expect(() => readConfig({ ROGATORY_PUBLIC_LAW: value })).toThrow(ConfigError);
    expect(() => readConfig({ ROGATORY_PUBLIC_LAW: value })).toThrow(/^ROGATORY_PUBLIC_LAW: .* must be true or false/);
  });
});

describe("ROGATORY_PUBLIC_LAW_PER_MINUTE", () => {
  it("defaults to 60 and takes a whole number", () => {
    expect(readConfig({}).publicLawPerMinute).toBe(60);
    expect(readConfig({ ROGATORY_PUBLIC_LAW_PER_MINUTE: "120" }).publicLawPerMinute).toBe(120);
  });

  it.each(["0", "-5", "1.5", "many"])("stops the start on %j, naming the variable", (value) => {
    expect(() => readConfig({ ROGATORY_PUBLIC_LAW_PER_MINUTE: value })).toThrow(/^ROGATORY_PUBLIC_LAW_PER_MINUTE: /);
  });
});
