/** Debian's Chromium driven by playwright-core (never a downloaded browser), against the real server. */
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

/** Launches headless Chromium with the flags this closed network needs. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A browser context already signed in as the user (session obtained over HTTP, cookie handed to Chromium). */
export async function signedInContext(
  browser: Browser,
  base: string,
  session: { cookie: string },
  options: { locale?: string } = {},
): Promise<import("playwright-core").BrowserContext> {
  // The locale is what navigator.languages reports: the screens' language until the user chooses one.
  const context = await browser.newContext(options);
  const [name, value] = session.cookie.split("=");
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: base, httpOnly: true, sameSite: "Strict" }]);
  return context;
}

/** Screenshots of the page at 390 and 1280 px, to look at (not compared), when ROGATORY_SHOTS names a folder. */
export async function shoot(page: Page, name: string): Promise<void> {
  if (!process.env.ROGATORY_SHOTS) return;
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${process.env.ROGATORY_SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/**
 * Collects the page's script errors and console errors into `errors` (each test expects none). Chromium
 * logs every refused request as "Failed to load resource"; those are left out, since several tests
 * refuse requests on purpose and check the answers themselves.
 */
export function watchErrors(page: Page, errors: string[]): Page {
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  return page;
}

/** A new page of the context, watched for errors (watchErrors), at `width` px when given, opened at `url`. */
export async function openPage(context: BrowserContext, url: string, errors: string[], width?: number): Promise<Page> {
  const page = watchErrors(await context.newPage(), errors);
  if (width) await page.setViewportSize({ width, height: 800 });
  await page.goto(url);
  return page;
}
