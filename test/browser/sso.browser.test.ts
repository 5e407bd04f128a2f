/**
 * Single sign-on with OpenID Connect against a real OpenID provider (`oidc-provider`, started here on
 * loopback with its development login pages), in Chromium: a known user signs on; an identity with
 * no account is refused; a role that needs a second factor is still asked for it.
 */
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import Provider from "oidc-provider";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OidcClient } from "../../src/accounts/oidc.js";
import { totpCode } from "../../src/security/totp.js";
import { createOrganisations, createReadyUser, type TestUser } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium } from "../support/browser.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

let t: TestApp;
let browser: Browser;
let base: string;
let idp: ReturnType<Provider["listen"]>;
let auditor: TestUser;
let officer: TestUser;

beforeAll(async () => {
  const idpPort = await freePort();
  const appPort = await freePort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  const redirectUri = `http://127.0.0.1:${appPort}/api/v1/auth/oidc/callback`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "rogatory",
        client_secret: "a-test-client-secret-of-enough-length",
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    // The development login page accepts any login; the login becomes the account id and its email.
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: id, email_verified: true }),
    }),
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["test-cookie-key-for-the-provider"] },
  });
  idp = provider.listen(idpPort, "127.0.0.1");
  t = await startTestApp({
    webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)),
    oidc: new OidcClient({
      issuer,
      clientId: "rogatory",
      clientSecret: "a-test-client-secret-of-enough-length",
      redirectUri,
      label: "Test identity provider",
      allowInsecure: true,
    }),
  });
  base = await t.app.listen({ port: appPort, host: "127.0.0.1" });
  const orgs = await createOrganisations(t.ctx);
  auditor = await createReadyUser(t.ctx, { email: "sso.auditor@ca.test", role: "auditor", organisationId: orgs.central, totp: false });
  officer = await createReadyUser(t.ctx, { email: "sso.officer@ca.test", role: "officer", organisationId: orgs.central });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await new Promise((r) => idp?.close(r));
});

async function signOn(login: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  await page.getByRole("link", { name: "Sign in with Test identity provider" }).click();
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`${base}/**`);
  return page;
}

describe("single sign-on (OpenID Connect)", () => {
  it("signs a known user on and links the identity to the account", async () => {
    const page = await signOn(auditor.email);
    await page.getByRole("link", { name: "Audit", exact: true }).waitFor();
    const linked = await t.ctx.db.selectFrom("app_user").select(["oidc_subject"]).where("id", "=", auditor.id).executeTakeFirstOrThrow();
    // The provider uses the account id as the subject.
    expect(linked.oidc_subject).toBe(auditor.email);
    const session = await page.evaluate(async () => (await fetch("/api/v1/auth/session")).json());
    expect(session).toMatchObject({ signedIn: true, stage: "full" });
    await page.context().close();
  });

  it("refuses an identity that has no account here", async () => {
    const page = await signOn("stranger@elsewhere.test");
    await page.getByText(/Single sign-on failed \(sso_unknown_user\)/).waitFor();
    expect(await page.getByRole("link", { name: "Audit", exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it("still asks for the second factor where the role requires one", async () => {
    const page = await signOn(officer.email);
    await page.getByRole("heading", { name: "Second factor" }).waitFor();
    t.clock.advance(30_000);
    await page.getByLabel("Code").fill(totpCode(officer.totpSecret ?? "", t.clock.now()));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("link", { name: "Cases" }).waitFor();
    await page.context().close();
  });
});
