import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from "playwright-core";

/**
 * Browser tests drive Debian's Chromium through playwright-core (never a downloaded browser).
 * `UNKNOT_CHROMIUM` points at another binary; a path that does not exist skips the browser tests.
 */
export const chromiumPath = process.env.UNKNOT_CHROMIUM || "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);
export const skipMessage = `Chromium not found at ${chromiumPath}: browser tests skipped. Install it with: apt-get install -y chromium`;

/** Says, once per file and outside the reporter's silence, why the browser tests did not run. */
export function announceSkip(): void {
  if (!hasChromium) process.stderr.write(`\n${skipMessage}\n\n`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/**
 * An email's HTML in a tab of its own, as a mail client shows it: not inside one of the app's
 * pages (their CSP would strip the email's inline styles), with remote content blocked.
 */
export async function openEmail(context: BrowserContext, html: string, width: number = WIDTHS.phone): Promise<Page> {
  const tab = await context.newPage();
  await tab.setViewportSize({ width, height: 800 });
  await tab.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
  await tab.setContent(html);
  return tab;
}

/** Does something that makes the page navigate (a click, Enter on a form) and waits for the new page. */
export async function navigating(page: Page, action: () => Promise<unknown>): Promise<Response | null> {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  return response;
}

/** A phone and a laptop. */
export const WIDTHS = { phone: 375, desktop: 1280 } as const;

/** The phone's screen the pages and emails are held to. */
export const PHONE = { width: WIDTHS.phone, height: 800 } as const;

/** A browser context on the phone's screen, with any other options (a time zone, JavaScript off, a narrower screen). */
export function phoneContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, ...options });
}

export const screenshotDir = join(process.cwd(), ".test-output", "screenshots");

/** A full-page screenshot at each width; fails if the page scrolls sideways on a phone. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  for (const [device, width] of Object.entries(WIDTHS)) {
    await page.setViewportSize({ width, height: 800 });
    if (width === WIDTHS.phone) {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) throw new Error(`${name} scrolls sideways by ${overflow}px at ${width}px wide`);
    }
    await page.screenshot({ path: join(screenshotDir, `${name}-${width}-${device}.png`), fullPage: true });
  }
}

/** How many pixels wider than the viewport the document is (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return Math.max(0, root.scrollWidth - root.clientWidth);
  })()`);
}

/** The id of the element that has the keyboard focus, and its text. */
export function focused(page: Page): Promise<{ id: string; tag: string; text: string }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    return { id: el?.id ?? "", tag: el?.tagName.toLowerCase() ?? "", text: (el?.textContent ?? "").trim() };
  })()`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core on the page as it is now and returns the serious and critical violations.
 * axe is evaluated through the DevTools protocol, so the pages' strict CSP (no inline
 * scripts) stays on: the test sees exactly what a visitor gets.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>(`"axe" in window`))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations)`,
  );
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
