import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPass } from "../../functions/domain/sending/pass";
import { passingShade } from "../../functions/email/contrast";
import { dark, light } from "../../functions/email/palette";
import { templates } from "../../functions/email/templates";
import { getContext } from "../../functions/runtime/context";
import { announceSkip, hasChromium, launchChromium, navigating, openEmail, phoneContext, seriousViolations, skipMessage } from "../support/browser";
import { confirmedSubscriber } from "../support/people";
import { startTestStack, type StoredEmail, type TestStack } from "../support/stack";

/**
 * A clinic's own brand, set in the settings file's `local` stage, on the real local stack: the
 * name, logo, accent colour, privacy notice, contact line and call to action on the signup page,
 * the result page, the confirmation, week 1, the last email and every footer, in a real browser.
 */
announceSkip();

const BRAND = {
  name: "Northside Back Care",
  logo: "test/fixtures/brand/logo.png",
  accentColor: "#7a2e8a",
  privacyUrl: "https://northside.example.org/privacy",
  contact: "Questions? Reply to this email or call 0113 496 0000.",
  callToAction: { text: "Book a back check with our physios", url: "https://northside.example.org/book" },
};
const ACCENT_DARK = passingShade(BRAND.accentColor, "dark");
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
const EMAIL = "branded.reader@example.com";
const lastSubject = templates.program.find((w) => w.id === "keep-going")!.subject;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!hasChromium) return;
  const dir = mkdtempSync(join(tmpdir(), "unknot-brand-"));
  process.env.UNKNOT_CONFIG = join(dir, "unknot.config.json");
  writeFileSync(process.env.UNKNOT_CONFIG, JSON.stringify({ local: { senderName: "Northside Physio", brand: BRAND } }));
  stack = await startTestStack();
  browser = await launchChromium();
  context = await phoneContext(browser);
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The page's masthead logo, loaded (the CSP lets the app's own image in), named by the brand. */
async function expectLogo(tab: Page, src: string) {
  const logo = tab.getByRole("img", { name: BRAND.name }).first();
  expect(await logo.getAttribute("src")).toBe(src);
  await logo.evaluate((img: any) => img.decode());
  expect(await logo.evaluate((img: any) => img.naturalWidth)).toBe(320);
}

/** The footer every page has: the contact line and the privacy notice. */
async function expectPageFooter() {
  const footer = page.locator("footer");
  expect(await footer.textContent()).toContain(BRAND.contact);
  expect(await footer.getByRole("link", { name: "Privacy notice" }).getAttribute("href")).toBe(BRAND.privacyUrl);
  expect(await footer.textContent()).toContain(`${BRAND.name} shares general information`);
}

/** The footer every email has, in its HTML and its plain text. */
function expectEmailFooter(email: StoredEmail) {
  expect(email.body.html).toContain(BRAND.contact);
  expect(email.body.html).toContain(`href="${BRAND.privacyUrl}"`);
  expect(email.body.text).toContain(`${BRAND.contact}`);
  expect(email.body.text).toContain(`Privacy notice: ${BRAND.privacyUrl}`);
  // the brand's accent everywhere the palette's was: the masthead, links, buttons, dark mode
  for (const colour of [light.accent, dark.accent]) expect(email.body.html).not.toContain(colour);
  expect(email.body.html).toContain(BRAND.accentColor);
}

describe.skipIf(!hasChromium)("a clinic's brand on the local stack", () => {
  it("is on the signup page and the result page: name, logo, accent colour in both schemes, privacy notice, contact, call to action", async () => {
    // the logo may be loaded from a webmail page's origin; the pages stay same-origin only
    expect((await fetch(`${stack.url}/assets/logo.png`)).headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect((await fetch(`${stack.url}/`)).headers.get("cross-origin-resource-policy")).toBe("same-origin");

    await page.goto(`${stack.url}/`);
    expect(await page.title()).toBe(`Stress, back pain and what helps · ${BRAND.name}`);
    await expectLogo(page, "/assets/logo.png");
    expect(await page.locator("main").textContent()).toContain(`${BRAND.name} is a free email program`);
    const consent = page.getByLabel(new RegExp(`I agree that ${BRAND.name} may store my answers`));
    // the privacy notice beside the consent box, in the hint the box is described by
    expect(await page.locator("#consent-hint").getByRole("link", { name: "privacy notice" }).getAttribute("href")).toBe(BRAND.privacyUrl);
    expect(await consent.getAttribute("aria-describedby")).toBe("consent-hint");
    await expectPageFooter();
    const buttonColour = () => page.getByRole("button", { name: "Start the program" }).evaluate((b: any) => (globalThis as any).getComputedStyle(b).backgroundColor);
    expect(await buttonColour()).toBe(rgb(BRAND.accentColor));
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await buttonColour()).toBe(rgb(ACCENT_DARK));
    expect(await seriousViolations(page), "the dark scheme, with the accent the settings derived for it").toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });

    await page.getByLabel("I have trouble falling or staying asleep").check();
    await page.getByLabel("Your email address").fill(EMAIL);
    await consent.check();
    await navigating(page, () => page.getByRole("button", { name: "Start the program" }).click());
    expect(await page.title()).toBe(`Check your inbox · ${BRAND.name}`);
    await expectLogo(page, "/assets/logo.png");
    const cta = page.getByRole("link", { name: BRAND.callToAction.text });
    expect(await cta.getAttribute("href")).toBe(BRAND.callToAction.url);
    await expectPageFooter();
    expect(await seriousViolations(page)).toEqual([]);

    const [confirmation] = await stack.mailTo(EMAIL);
    expect(confirmation?.subject).toBe(`Please confirm your ${BRAND.name} subscription`);
    expect(confirmation?.from).toContain("Northside Physio");
    expect(confirmation?.body.text?.startsWith(`${BRAND.name}\n`)).toBe(true);
    expectEmailFooter(confirmation!);
  });

  it("is in week 1 (a logo that reads with images off), the last email (the call to action) and every footer", async () => {
    await confirmedSubscriber(stack, "branded.walker@example.com", { answers: ["sleep"] });
    const ctx = getContext();
    await runPass(ctx, { now: ctx.clock() });
    const [week1] = (await stack.mailTo("branded.walker@example.com")).filter((m) => !/confirm/i.test(m.subject));
    expectEmailFooter(week1!);
    expect(week1!.body.text?.startsWith(`${BRAND.name}\n`)).toBe(true);
    expect(week1!.body.html).not.toContain(BRAND.callToAction.url); // only the last email carries it

    // on a 320 px phone: the logo by its absolute URL, each footer link one 44 px tall target, never broken inside
    const email = await openEmail(context, week1!.body.html!, 320);
    await expectLogo(email, `${stack.url}/assets/logo.png`);
    const footerLinks = ["Unsubscribe", "Pause for a while", "Download my data", "Delete my data", "Privacy notice"];
    for (const name of footerLinks) {
      const link = email.getByRole("link", { name, exact: true });
      const box = await link.evaluate((a: any) => ({ height: a.getBoundingClientRect().height as number, lines: a.getClientRects().length as number }));
      expect(box, name).toEqual({ height: expect.any(Number), lines: 1 });
      expect(box.height, name).toBeGreaterThanOrEqual(44);
    }
    expect(await seriousViolations(email)).toEqual([]);
    await email.close();

    // with images off the masthead is the name, in the masthead's own type
    const imagesOff = await context.newPage();
    await imagesOff.setViewportSize({ width: 320, height: 800 });
    await imagesOff.route(/\.png$/, (route) => route.abort());
    await imagesOff.setContent(week1!.body.html!);
    const alt = imagesOff.getByRole("img", { name: BRAND.name });
    expect(await alt.evaluate((img: any) => img.naturalWidth)).toBe(0);
    expect(await alt.evaluate((img: any) => (globalThis as any).getComputedStyle(img).color)).toBe(rgb(BRAND.accentColor));
    await imagesOff.close();

    // the rest of the program, to the last email
    for (let due = await ctx.store.nextDueAt(); due !== undefined; due = await ctx.store.nextDueAt()) {
      await runPass(ctx, { now: new Date(due) });
    }
    const last = (await stack.mailTo("branded.walker@example.com")).find((m) => m.subject === lastSubject)!;
    expectEmailFooter(last);
    expect(last.body.html).toContain(`href="${BRAND.callToAction.url}"`);
    expect(last.body.html).toContain(BRAND.callToAction.text);
    expect(last.body.text).toContain(`${BRAND.callToAction.text}: ${BRAND.callToAction.url}`);
    // its footer has no pause (nothing is left to pause) and no gap where it was
    expect(last.body.text).toMatch(/\nUnsubscribe: \S+\nDownload my data: \S+\nDelete my data: \S+\nPrivacy notice: \S+\n/);
    const lastTab = await openEmail(context, last.body.html!, 320);
    expect(await lastTab.getByRole("link", { name: BRAND.callToAction.text }).getAttribute("href")).toBe(BRAND.callToAction.url);
    expect(await seriousViolations(lastTab)).toEqual([]);
    await lastTab.close();
  });
});

if (!hasChromium) it.skip(skipMessage, () => {});
