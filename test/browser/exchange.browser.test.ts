/**
 * The exchange in Chromium between two real server processes on loopback (issue 13 §4, §5): the US
 * Office of International Affairs and Russia's Prosecutor General's Office, each on its own PGlite.
 * The US administrator pairs with Russia on the Partners page — a mistyped fingerprint is shown group
 * by group and refused, nothing stored — then with the right one; the US officer sends two requests
 * with "Send to …" (a normal one, then an urgent one) and follows their delivery and receipts in the
 * case's thread; on the Russian side the Inbox lists the urgent request first and "Register and open"
 * acknowledges it, which the US thread then shows. A forged message ends in the Russian quarantine,
 * read in words. Every new page stays within 390 and 360 px.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/accounts/apiTokens.js";
import { ensureFirstAdministrator } from "../../src/accounts/bootstrapper.js";
import { DEFAULT_SECURITY } from "../../src/accounts/context.js";
import { openDatabase } from "../../src/db/database.js";
import { groupFingerprint } from "../../src/exchange/fingerprint.js";
import { identityDocument } from "../../src/exchange/identity.js";
import { openKeyring } from "../../src/exchange/keyring.js";
import { addPartner } from "../../src/exchange/partnerRegistrar.js";
import { readKnowledgeFiles } from "../../src/knowledge/load.js";
import { loadReferenceData } from "../../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../src/law/knowledge.js";
import { systemClock } from "../../src/security/clock.js";
import { totpCode } from "../../src/security/totp.js";
import { createReadyUser, PASSWORD, type TestUser } from "../support/accounts.js";
import { launchChromium, openPage } from "../support/browser.js";
import { freePort, type ServerProcess, startServer } from "../support/server.js";

const PASSPHRASE = "correct horse battery staple, node key";
const SYSTEM = { ip: "127.0.0.1", userAgent: "test" };
const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);

interface Node {
  jurisdiction: string;
  authority: string;
  dir: string;
  endpoint: string;
  port: number;
  fingerprint: string;
  admin: TestUser;
  officer: TestUser;
  /** API tokens for preparing cases (the browser does what the test is about). */
  officerToken: string;
  supervisorToken: string;
  server?: ServerProcess;
}

/** A node's database before its server starts: central authority, users, keys. */
async function prepare(jurisdiction: string, authority: string) {
  const dir = mkdtempSync(join(tmpdir(), `rogatory-web-${jurisdiction}-`));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const database = await openDatabase({ dataDir: dir });
  const ctx = { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY };
  await loadReferenceData({ db: database.db, kb, files });
  await ensureFirstAdministrator(ctx, { organisationName: authority, email: `first@${jurisdiction.toLowerCase()}.test`, jurisdiction });
  const org = await database.db.selectFrom("organisation").select("id").where("kind", "=", "central_authority").executeTakeFirstOrThrow();
  const domain = `${jurisdiction.toLowerCase()}.test`;
  const admin = await createReadyUser(ctx, { email: `admin@${domain}`, role: "administrator", organisationId: org.id });
  const officer = await createReadyUser(ctx, { email: `officer@${domain}`, role: "officer", organisationId: org.id });
  const tokens: string[] = [];
  for (const role of ["officer", "supervisor"] as const) {
    const u = await createReadyUser(ctx, { email: `${role}-api@${domain}`, role, organisationId: org.id, totp: false });
    const actor = { userId: u.id, organisationId: org.id, role, label: role };
    tokens.push((await createToken(ctx, actor, { name: "browser test", scopes: ["cases:read", "cases:write"] }, SYSTEM)).token);
  }
  const keyring = await openKeyring({
    db: database.db,
    clock: systemClock,
    node: { jurisdiction, authority, endpoint },
    passphrase: PASSPHRASE,
  });
  const node: Node = {
    jurisdiction,
    authority,
    dir,
    endpoint,
    port,
    fingerprint: (await keyring.current("sig")).fingerprint,
    admin,
    officer,
    officerToken: tokens[0] as string,
    supervisorToken: tokens[1] as string,
  };
  return { node, keyring, database };
}

async function call<T = Record<string, unknown>>(node: Node, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${node.endpoint}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Signs in over HTTP with password and second factor, and hands the session cookie to a new browser context. */
async function browserSession(browser: Browser, node: Node, user: TestUser, width?: number): Promise<BrowserContext> {
  const first = await fetch(`${node.endpoint}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  const cookieOf = (r: Response) => (r.headers.getSetCookie().find((c) => c.startsWith("rogatory_session=")) ?? "").split(";")[0] ?? "";
  let cookie = cookieOf(first);
  const step = (await first.json()) as { stage: string; csrfToken: string };
  if (step.stage === "totp" && user.totpSecret) {
    const second = await fetch(`${node.endpoint}/api/v1/auth/totp`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": step.csrfToken },
      body: JSON.stringify({ code: totpCode(user.totpSecret, new Date()) }),
    });
    if (!second.ok) throw new Error(`second factor of ${user.email}: ${second.status} ${await second.text()}`);
    cookie = cookieOf(second) || cookie;
  }
  const context = await browser.newContext(width ? { viewport: { width, height: 800 } } : {});
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: node.endpoint, httpOnly: true, sameSite: "Strict" }]);
  return context;
}

/** A node's server settings: its own PGlite directory, key passphrase and address. */
const envOf = (n: Node) => ({
  ROGATORY_DATA_DIR: n.dir,
  ROGATORY_NODE_KEY_PASSPHRASE: PASSPHRASE,
  ROGATORY_NODE_ENDPOINT: n.endpoint,
  ROGATORY_PUBLIC_URL: n.endpoint,
});

let us: Node;
let ru: Node;
let browser: Browser;
const contexts: Record<string, BrowserContext> = {};
const errors: string[] = [];
const caseIds: { normal: string; urgent: string } = { normal: "", urgent: "" };

beforeAll(async () => {
  const a = await prepare("US", "U.S. Department of Justice, Office of International Affairs");
  const b = await prepare("RU", "Генеральная прокуратура Российской Федерации");
  // Russia has already paired with the US (here from its identity document directly); the US pairs
  // with Russia on its Partners page, which is what the test is about.
  await addPartner(
    { db: b.database.db, clock: systemClock, keyring: b.keyring, fetchIdentity: async () => identityDocument(a.keyring) },
    { userId: null, label: "test" },
    { endpoint: a.node.endpoint, fingerprint: a.node.fingerprint },
    { ip: null },
  );
  await a.database.close();
  await b.database.close();
  us = a.node;
  ru = b.node;
  [us.server, ru.server] = await Promise.all([startServer(envOf(us), us.port), startServer(envOf(ru), ru.port)]);
  browser = await launchChromium();
  contexts.usAdmin = await browserSession(browser, us, us.admin);
  contexts.usOfficer = await browserSession(browser, us, us.officer);
  contexts.ruOfficer = await browserSession(browser, ru, ru.officer);
  contexts.ruAdmin = await browserSession(browser, ru, ru.admin);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([us?.server?.stop(), ru?.server?.stop()]);
  for (const d of [us?.dir, ru?.dir]) if (d) rmSync(d, { recursive: true, force: true });
});

const open = (context: BrowserContext, url: string) => openPage(context, url, errors);

/** An outgoing request ready to send: drafted, a request document, approved, translated. */
async function readyRequest(title: string, urgency: "normal" | "urgent"): Promise<string> {
  const c = await call<{ id: string; version: number }>(us, us.officerToken, "POST", "/cases", {
    direction: "outgoing",
    title,
    requesting: "US",
    requested: "RU",
    confidentiality: "confidential",
    requestDate: "2018-07-13",
    urgency,
    authority: us.authority,
    measures: [{ measure: "testimony", description: "Take the testimony of Пётр Сергеевич Иванов as a witness" }],
  });
  const doc = await call<{ caseVersion: number }>(us, us.officerToken, "POST", `/cases/${c.id}/documents`, {
    version: c.version,
    kind: "request",
    filename: "request-2018-07-13.pdf",
    contentType: "application/pdf",
    contentBase64: Buffer.from(`%PDF-1.4 ${title}`).toString("base64"),
  });
  let version = doc.caseVersion;
  for (const [token, action] of [
    [us.supervisorToken, "approve"],
    [us.officerToken, "mark_translated"],
  ] as const)
    version = (await call<{ version: number }>(us, token, "POST", `/cases/${c.id}/transitions`, { version, action })).version;
  return c.id;
}

describe("two nodes paired and talking, in the browser", () => {
  it("the US administrator pairs with Russia by fingerprint: a mistyped group is shown and refused, the right one added", async () => {
    const page = await open(contexts.usAdmin as BrowserContext, `${us.endpoint}/partners`);
    await page.getByText("No partner yet.").waitFor();
    // One character wrong in the fourth group, as misheard on the telephone.
    const chars = ru.fingerprint.split("");
    chars[13] = chars[13] === "A" ? "B" : "A";
    const wrong = groupFingerprint(chars.join(""));
    await page.getByLabel("Node address (endpoint)").fill(ru.endpoint);
    await page.getByLabel("Fingerprint given by the partner authority").fill(wrong);
    await page.getByRole("button", { name: "Read its identity" }).click();
    const identity = page.getByTestId("partner-identity");
    await identity.getByText("Генеральная прокуратура Российской Федерации", { exact: true }).waitFor();
    await page.getByTestId("fingerprint-differs").waitFor();
    const groups = identity.locator("ol.fingerprint li");
    expect(await groups.count()).toBe(11);
    expect(await identity.locator("ol.fingerprint li.differs").count()).toBe(1);
    expect(await groups.nth(3).textContent()).toContain("differs");
    // Confirming anyway: the server compares again and refuses; nothing is stored.
    await page.getByRole("checkbox", { name: /read the 11 groups aloud/ }).check();
    await page.getByRole("button", { name: /Add .* as a partner/ }).click();
    await page
      .getByTestId("add-error")
      .getByText(/Not added: The fingerprint given/)
      .waitFor();
    await page.reload();
    await page.getByText("No partner yet.").waitFor();

    await page.getByLabel("Node address (endpoint)").fill(ru.endpoint);
    await page.getByRole("button", { name: "Read its identity" }).click();
    await identity.getByText("Type the fingerprint the partner authority gave you above; the server checks it again.").waitFor();
    await page.getByLabel("Fingerprint given by the partner authority").fill(groupFingerprint(ru.fingerprint));
    await page.getByText("Every group agrees with the fingerprint you typed.").waitFor();
    expect(await identity.locator("ol.fingerprint li.same").count()).toBe(11);
    await page.getByRole("checkbox", { name: /read the 11 groups aloud/ }).check();
    await page.getByRole("button", { name: /Add .* as a partner/ }).click();
    const card = page.getByTestId("partner");
    await card.getByText("Генеральная прокуратура Российской Федерации").waitFor();
    expect(await card.getByTestId("partner-link").textContent()).toBe("No message exchanged yet.");
    expect(await card.locator("ol.fingerprint li").allTextContents()).toEqual(
      groupFingerprint(ru.fingerprint)
        .split(" ")
        .map((g, i) => `${i + 1}${g}`),
    );
    await page.close();
  });

  it("the US officer sends a normal request, then an urgent one, with Send to …; the thread shows delivery and receipts", async () => {
    caseIds.normal = await readyRequest("Request for bank records — Ivanov investigation", "normal");
    caseIds.urgent = await readyRequest("Urgent request for testimony — Петров, detained", "urgent");
    for (const [which, facts] of [
      ["normal", "Funds of the victims were moved through an account in Moscow."],
      ["urgent", "The witness Пётр Петров leaves Moscow on Friday."],
    ] as const) {
      const page = await open(contexts.usOfficer as BrowserContext, `${us.endpoint}/cases/${caseIds[which]}`);
      const exchange = page.getByTestId("exchange");
      await exchange.getByText("Nothing exchanged yet with Генеральная прокуратура Российской Федерации.").waitFor();
      await exchange.getByRole("button", { name: "Send to Генеральная прокуратура Российской Федерации…" }).click();
      const form = page.getByTestId("send-to");
      expect(await form.getByLabel("What to send").locator("option").allTextContents()).toEqual(["Request"]);
      await form.getByLabel(/^Facts/).fill(facts);
      await form.getByRole("button", { name: "Send the request" }).click();
      await page.getByTestId("case-state").getByText("sent").waitFor();
      const message = page.getByTestId("thread-message");
      await message.getByText("Request", { exact: true }).waitFor();
      expect(await message.textContent()).toContain("sent by us to Генеральная прокуратура Российской Федерации");
      if (which === "urgent") expect(await message.getByText("Urgent", { exact: true }).count()).toBe(1);
      // Delivered and accepted by Russia's node, each with its signed receipt; the page follows without a reload.
      await message
        .getByTestId("delivery")
        .getByText(/^Accepted$/)
        .waitFor({ timeout: 90_000 });
      const receipts = await message.locator("ul.receipts li").allTextContents();
      expect(receipts.map((r) => r.split(" — ")[0])).toEqual([
        "accepted for sending",
        "delivered to the recipient node",
        "accepted by the recipient",
      ]);
      expect(receipts[0]).toMatch(/signed by United States.* \(US\)/);
      expect(receipts[2]).toMatch(/signed by Russia.* \(RU\)/);
      await page.close();
    }
  });

  it("Russia's inbox lists both, the urgent one first; registering it acknowledges it to the US", async () => {
    const page = await open(contexts.ruOfficer as BrowserContext, `${ru.endpoint}/inbox`);
    // Where the node exchanges, the navigation offers its pages (a node without a key passphrase does not).
    await page.locator("nav[aria-label=Main] a", { hasText: "Partners" }).waitFor();
    expect((await page.locator("nav[aria-label=Main] a").allTextContents()).map((x) => x.trim())).toEqual([
      "Legal basis",
      "Instruments",
      "Directory",
      "Queue",
      "Cases",
      "Assets",
      "Transfers",
      "Statistics",
      "Inbox",
      "Request writer",
      "Partners",
      "API",
    ]);
    const items = page.getByTestId("inbox-item");
    await expect.poll(() => items.count(), { timeout: 90_000 }).toBe(2);
    expect(await page.getByTestId("inbox-summary").textContent()).toBe("2 requests waiting, 1 urgent.");
    expect(await items.nth(0).textContent()).toContain("Urgent request for testimony — Петров, detained");
    expect(await items.nth(0).getByText("Urgent", { exact: true }).count()).toBe(1);
    expect(await items.nth(1).textContent()).toContain("Request for bank records — Ivanov investigation");
    expect(await items.nth(0).textContent()).toMatch(/From United States.* \(US\), their reference /);
    await items.nth(0).getByRole("button", { name: "Register and open" }).click();
    await page.getByTestId("case-state").getByText("registered").waitFor();
    const thread = page.getByTestId("thread-message");
    await expect.poll(() => thread.count()).toBe(2);
    expect(await thread.nth(0).textContent()).toContain("received from U.S. Department of Justice, Office of International Affairs");
    expect(await thread.nth(0).getByTestId("delivery").textContent()).toBe("Received and applied to the case");
    expect(await thread.nth(1).textContent()).toContain("Acknowledgement of receipt");
    await page.close();

    const inbox = await open(contexts.ruOfficer as BrowserContext, `${ru.endpoint}/inbox`);
    await expect.poll(() => inbox.getByTestId("inbox-item").count()).toBe(1);
    await inbox.close();

    const usPage = await open(contexts.usOfficer as BrowserContext, `${us.endpoint}/cases/${caseIds.urgent}`);
    await usPage.getByTestId("case-state").getByText("acknowledged").waitFor({ timeout: 90_000 });
    const ack = usPage.getByTestId("thread-message").nth(1);
    await ack.getByText("Acknowledgement of receipt").waitFor({ timeout: 90_000 });
    expect(await ack.textContent()).toContain("received from Генеральная прокуратура Российской Федерации");
    expect(await ack.textContent()).toMatch(/Registered under: /);
    await usPage.close();
  });

  it("while Russia's node is down a notice waits, the thread and the Partners page say since when and why; it is delivered when the node is back", async () => {
    await ru.server?.stop();
    const page = await open(contexts.usOfficer as BrowserContext, `${us.endpoint}/cases/${caseIds.urgent}`);
    await page.getByRole("button", { name: "Send to Генеральная прокуратура Российской Федерации…" }).click();
    const form = page.getByTestId("send-to");
    await form.getByLabel("What to send").selectOption({ label: "Notice" });
    await form.getByLabel("About").selectOption({ label: "Safe conduct" });
    await form.getByLabel("Notice", { exact: true }).fill("Пётр Петров will travel under safe conduct until his return.");
    await form.getByRole("button", { name: "Send the notice" }).click();
    const notice = page.getByTestId("thread-message").nth(2);
    await notice.getByText("Notice", { exact: true }).waitFor();
    await notice
      .getByTestId("delivery")
      .getByText(/^Waiting for partner since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
      .waitFor();
    await notice.getByText(/1 attempt|\d+ attempts/).waitFor({ timeout: 90_000 });
    const partners = await open(contexts.usOfficer as BrowserContext, `${us.endpoint}/partners`);
    expect(await partners.getByTestId("partner-link").textContent()).toMatch(/^1 message waiting for the partner since /);
    await partners.getByTestId("partner-last-error").waitFor();
    await partners.close();

    ru.server = await startServer(envOf(ru), ru.port);
    // The sender retries with back-off (1 s doubling): the notice goes at the next attempt, without a reload here.
    await notice
      .getByTestId("delivery")
      .getByText(/^Accepted$/)
      .waitFor({ timeout: 90_000 });
    await page.close();
  });

  it("a forged message is refused and shown in Russia's quarantine in words, never its content", async () => {
    const forged = await fetch(`${ru.endpoint}/api/v1/exchange/inbox`, {
      method: "POST",
      headers: { "content-type": "application/jose" },
      body: "eyJhbGciOiJub25lIn0.not-a-sealed-message",
    });
    expect(forged.status).toBe(422);
    const page = await open(contexts.ruAdmin as BrowserContext, `${ru.endpoint}/quarantine`);
    await page.locator("nav[aria-label=Main] a", { hasText: "Quarantine" }).waitFor();
    expect((await page.locator("nav[aria-label=Main] a").allTextContents()).map((x) => x.trim())).toEqual([
      "Legal basis",
      "Instruments",
      "Directory",
      "Partners",
      "Quarantine",
      "Users",
      "Audit",
      "API",
    ]);
    const entry = page.getByTestId("quarantine").locator("li").first();
    await entry.getByText(/it is not a message in the expected form/).waitFor();
    expect(await entry.textContent()).toContain("From unknown (not a trusted partner's signature)");
    await entry.getByRole("link", { name: /^Refused / }).click();
    const details = page.getByTestId("quarantined");
    await details.getByText("Why it was refused").waitFor();
    expect(await details.textContent()).toContain("it is not a message in the expected form");
    await page.close();
  });

  it("a request sent as a signed package downloads; imported at Russia it waits in the inbox, imported again it is not applied twice; an altered copy is refused", async () => {
    const id = await readyRequest("Request for records — Сидоров, by package", "normal");
    const page = await open(contexts.usOfficer as BrowserContext, `${us.endpoint}/cases/${id}`);
    await page.getByText("Signed package (without a network link)").click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Send as a signed package (download)" }).click(),
    ]);
    const file = join(us.dir, "package.zip");
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    await page.getByTestId("case-state").getByText("sent").waitFor();
    // The package carries it: the node does not deliver it over the network.
    await page
      .getByTestId("thread-message")
      .getByTestId("delivery")
      .getByText(/^Exported as a signed package .*, to hand over by e-mail or diplomatic bag$/)
      .waitFor();
    await page.close();

    const inbox = await open(contexts.ruOfficer as BrowserContext, `${ru.endpoint}/inbox`);
    const form = inbox.getByTestId("package-import");
    await form.getByLabel("Signed package received (zip)").setInputFiles(file);
    await form.getByRole("button", { name: "Import the package" }).click();
    await form.getByText("Request from U.S. Department of Justice, Office of International Affairs: verified and applied.").waitFor();
    await expect.poll(() => inbox.getByTestId("inbox-item").count(), { timeout: 90_000 }).toBe(2);
    expect(await inbox.getByTestId("inbox").textContent()).toContain("Request for records — Сидоров, by package");
    // The same package again: the message is applied once.
    await form.getByRole("button", { name: "Import the package" }).click();
    await form
      .getByText("Request from U.S. Department of Justice, Office of International Affairs was received before; nothing was applied again.")
      .waitFor();
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await form
      .getByLabel("Signed package received (zip)")
      .setInputFiles({ name: "altered.zip", mimeType: "application/zip", buffer: bytes });
    await form.getByRole("button", { name: "Import the package" }).click();
    await form.getByText(/^Refused, nothing applied: /).waitFor();
    await inbox.close();
  });

  it("keeps the new pages within 390 and 360 px wide screens", async () => {
    const pages: [BrowserContext, string][] = [
      [contexts.usAdmin as BrowserContext, `${us.endpoint}/partners`],
      [contexts.usAdmin as BrowserContext, `${us.endpoint}/quarantine`],
      [contexts.usOfficer as BrowserContext, `${us.endpoint}/partners`],
      [contexts.usOfficer as BrowserContext, `${us.endpoint}/cases/${caseIds.urgent}`],
      [contexts.usOfficer as BrowserContext, `${us.endpoint}/cases/${caseIds.normal}`],
      [contexts.ruOfficer as BrowserContext, `${ru.endpoint}/inbox`],
      [contexts.ruAdmin as BrowserContext, `${ru.endpoint}/quarantine`],
    ];
    for (const width of [390, 360]) {
      for (const [context, url] of pages) {
        const phone = await browser.newContext({ viewport: { width, height: 800 }, storageState: await context.storageState() });
        const page = await phone.newPage();
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(url);
        await page.locator("main h1").first().waitFor();
        await page.waitForLoadState("networkidle");
        // Open what is folded, so its width counts too.
        for (const d of await page.locator("details").all()) await d.evaluate((el) => el.setAttribute("open", ""));
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${url} at ${width} px`).toBeLessThanOrEqual(width);
        await phone.close();
      }
    }
  });

  it("raised no script or CSP errors", () => {
    expect(errors).toEqual([]);
  });
});
