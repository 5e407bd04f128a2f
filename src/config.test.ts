/** The configuration's public-law and exchange settings: strict values, a clear error naming the variable. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

describe("configuration validated at start (issue 12 §4)", () => {
  it("stops on an unknown ROGATORY_* variable, naming it and the setting it probably meant", () => {
    expect(() => readConfig({ ROGATORY_PUBIC_LAW: "true" })).toThrow(
      /^ROGATORY_PUBIC_LAW: not a Rogatory setting \(did you mean ROGATORY_PUBLIC_LAW\?\)/,
    );
    expect(() => readConfig({ ROGATORY_TRUST_PROXIES: "true" })).toThrow(/did you mean ROGATORY_TRUST_PROXY\?/);
    expect(() => readConfig({ ROGATORY_SOMETHING_ELSE_ENTIRELY: "1" })).toThrow(
      /^ROGATORY_SOMETHING_ELSE_ENTIRELY: not a Rogatory setting;/,
    );
    // Other programs' variables are not ours to judge.
    expect(readConfig({ PATH: "/usr/bin", NODE_ENV: "production" }).port).toBe(3000);
  });

  it.each([
    ["DATABASE_URL", "postgres://[::1/rogatory", /^DATABASE_URL: .*not a valid URL/],
    ["DATABASE_URL", "mysql://db.example.org/rogatory", /^DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/],
    ["ROGATORY_PUBLIC_URL", "https//rogatory.example.org", /^ROGATORY_PUBLIC_URL: /],
    ["ROGATORY_PUBLIC_URL", "https://rogatory.example.org/app", /^ROGATORY_PUBLIC_URL: must be http\(s\):\/\/host\[:port\] without a path/],
    ["ROGATORY_SMTP_URL", "smtp://", /^ROGATORY_SMTP_URL: /],
    ["ROGATORY_SMTP_URL", "mail.example.org:587", /^ROGATORY_SMTP_URL: /],
  ])("stops on a malformed URL in %s (%j)", (name, value, message) => {
    expect(() => readConfig({ [name]: value })).toThrow(message);
  });

  it("never shows a password from a malformed URL", () => {
    expect(() => readConfig({ DATABASE_URL: "postgres://rogatory:s3cret@[bad/rogatory" })).toThrow(/rogatory:\*\*\*@/);
    expect(() => readConfig({ DATABASE_URL: "postgres://rogatory:s3cret@[bad/rogatory" })).not.toThrow(/s3cret/);
  });

  it.each([
    ["PORT", "70000"],
    ["ROGATORY_SESSION_IDLE_MINUTES", "0"],
    ["ROGATORY_SESSION_MAX_HOURS", "1000"],
    ["ROGATORY_SHUTDOWN_SECONDS", "601"],
    ["ROGATORY_TRUST_PROXY", "yes"],
  ])("stops on an out-of-range or malformed %s (%j), naming it", (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });

  it("takes a metrics token of 32 characters or more, and a shutdown deadline", () => {
    expect(readConfig({}).metricsToken).toBeUndefined();
    expect(readConfig({ ROGATORY_METRICS_TOKEN: "a".repeat(32) }).metricsToken).toBe("a".repeat(32));
    expect(() => readConfig({ ROGATORY_METRICS_TOKEN: "short" })).toThrow(/^ROGATORY_METRICS_TOKEN: must be at least 32 characters/);
    expect(readConfig({}).shutdownSeconds).toBe(25);
    expect(readConfig({ ROGATORY_SHUTDOWN_SECONDS: "5" }).shutdownSeconds).toBe(5);
  });
});

describe("the exchange's settings (ROGATORY_NODE_*)", () => {
  it("is off without a passphrase, and the endpoint defaults to the public URL", () => {
    expect(readConfig({}).exchange).toBeUndefined();
    expect(readConfig({ ROGATORY_NODE_ENDPOINT: "https://node.example" }).exchange).toBeUndefined();
    expect(
      readConfig({ ROGATORY_NODE_KEY_PASSPHRASE: "sixteen chars ok", ROGATORY_PUBLIC_URL: "https://rogatory.example" }).exchange,
    ).toEqual({
      passphrase: "sixteen chars ok",
      endpoint: "https://rogatory.example",
      organisation: undefined,
    });
  });

  it("reads the passphrase from a file without its trailing line break, and refuses both at once", () => {
    const dir = mkdtempSync(join(tmpdir(), "rogatory-config-"));
    const file = join(dir, "passphrase");
    writeFileSync(file, "a passphrase from a file\n");
    try {
      expect(readConfig({ ROGATORY_NODE_KEY_PASSPHRASE_FILE: file }).exchange?.passphrase).toBe("a passphrase from a file");
      expect(() =>
        readConfig({ ROGATORY_NODE_KEY_PASSPHRASE_FILE: file, ROGATORY_NODE_KEY_PASSPHRASE: "another passphrase here" }),
      ).toThrow(/set one, not both/);
      expect(() => readConfig({ ROGATORY_NODE_KEY_PASSPHRASE_FILE: join(dir, "absent") })).toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a short passphrase and an endpoint that is not an http(s) URL, naming the variable", () => {
    expect(() => readConfig({ ROGATORY_NODE_KEY_PASSPHRASE: "too short" })).toThrow(/^ROGATORY_NODE_KEY_PASSPHRASE: .*at least 16/);
    expect(() => readConfig({ ROGATORY_NODE_KEY_PASSPHRASE: "sixteen chars ok", ROGATORY_NODE_ENDPOINT: "ftp://node.example" })).toThrow(
      /^ROGATORY_NODE_ENDPOINT/,
    );
    expect(
      readConfig({
        ROGATORY_NODE_KEY_PASSPHRASE: "sixteen chars ok",
        ROGATORY_NODE_ENDPOINT: "https://node.example/rogatory/",
        ROGATORY_NODE_ORGANISATION: "Генпрокуратура",
      }).exchange,
    ).toMatchObject({ endpoint: "https://node.example/rogatory", organisation: "Генпрокуратура" });
  });
});
