/**
 * Protections that need their own application instance (settings differ): the sign-in rate limit
 * at its production value, and TLS mode. In a file of their own because each instance resets the
 * PostgreSQL schema in CI.
 */
import { describe, expect, it } from "vitest";
import { PASSWORD, createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { startTestApp } from "../../test/support/app.js";

describe("hardening", () => {
  it("rate-limits sign-in attempts from one address (brute force over many accounts)", async () => {
    const strict = await startTestApp({ security: { signInPerMinute: 20 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await strict.app.inject({
          method: "POST",
          url: "/api/v1/auth/sign-in",
          payload: { email: `user${i}@ca.test`, password: "guess" },
        });
        statuses.push(r.statusCode);
      }
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    } finally {
      await strict.close();
    }
  });
  it("sends HSTS and Secure __Host- cookies when served over TLS", async () => {
    const tls = await startTestApp({ security: { tls: true } });
    try {
      const orgs2 = await createOrganisations(tls.ctx);
      const u = await createReadyUser(tls.ctx, { email: "tls@ca.test", role: "auditor", organisationId: orgs2.central, totp: false });
      const r = await tls.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: u.email, password: PASSWORD } });
      expect(r.headers["strict-transport-security"]).toContain("max-age=");
      expect(r.cookies.find((c) => c.name === "__Host-rogatory")).toMatchObject({ secure: true, httpOnly: true, sameSite: "Strict" });
    } finally {
      await tls.close();
    }
  });
});
