/** Debian's Chromium driven by playwright-core (never a downloaded browser), against the real server. */
import { type Browser, chromium } from "playwright-core";

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
