import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPass } from "../../functions/domain/sending/pass";
import { announceSkip, hasChromium, launchChromium, navigating, phoneContext, seriousViolations, skipMessage } from "../support/browser";
import { linkIn } from "../support/http";
import { startMemoryStack, type MemoryStack } from "../support/memory-stack";
import { confirmedSubscriber } from "../support/people";

/**
 * The advice for a warning sign shows wherever the sign is ticked, before anything else works:
 * with JavaScript, as soon as the box is ticked and before anything is sent (the app's own
 * script, under its strict CSP); without it, first on the page the form posts to, even when the
 * rest of the form has an error.
 */
announceSkip();

let stack: MemoryStack;
let browser: Browser;
/** every message the browser printed: a script the CSP blocked would say so here */
const messages: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  stack = await startMemoryStack();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function tab(javaScriptEnabled: boolean): Promise<Page> {
  const context = await phoneContext(browser, { javaScriptEnabled });
  const page = await context.newPage();
  page.on("console", (message) => messages.push(message.text()));
  return page;
}

const URGENT = "Please get urgent medical help today";
const SOON = "Please see a doctor in the next few days";

describe.skipIf(!hasChromium)("with JavaScript", () => {
  it("shows the urgent advice as soon as the box is ticked, before anything is sent, naming only that sign", async () => {
    const page = await tab(true);
    await page.goto(`${stack.url}/`);
    const urgent = page.getByRole("heading", { name: URGENT });
    expect(await urgent.isVisible()).toBe(false);
    await page.getByLabel("New problems passing urine").check();
    expect(await urgent.isVisible()).toBe(true);
    const box = page.locator("section.flag-urgent:visible");
    expect(await box.locator("li:visible").allTextContents()).toEqual(["New problems with your bladder or bowels"]);
    expect(await box.textContent()).toContain("call your local emergency number");
    expect(await page.getByRole("heading", { name: SOON }).isVisible()).toBe(false);
    // nothing was sent: still the signup page, nothing stored
    expect(page.url()).toBe(`${stack.url}/`);
    expect(await stack.subscribers()).toEqual([]);
    // the advice sits right under the signs, above the address field
    const [advice, email] = await Promise.all([box.boundingBox(), page.getByLabel("Your email address").boundingBox()]);
    expect(advice!.y).toBeLessThan(email!.y);

    await page.getByLabel("Pain in your upper back, between your shoulder blades").check();
    expect(await page.getByRole("heading", { name: SOON }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("New problems passing urine").uncheck();
    expect(await urgent.isVisible()).toBe(false);
    expect(messages.filter((m) => /Content Security Policy|Refused/.test(m))).toEqual([]);
    await page.context().close();
  });

  it("does the same on the check-in page, for a sign not reported before", async () => {
    const email = "live-checkin@example.com";
    await confirmedSubscriber(stack, email);
    await runPass(stack.context, { now: new Date() });
    const [week1] = (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));
    const page = await tab(true);
    await page.goto(linkIn(week1!, "/checkin"));
    await page.getByLabel("Sciatica in both legs at once").check();
    expect(await page.getByRole("heading", { name: URGENT }).isVisible()).toBe(true);
    expect(await page.locator("section.flag-urgent li:visible").allTextContents()).toEqual(["Sciatica in both legs at once"]);
    expect((await stack.subscriber(email))?.flags).toEqual([]);
    await page.context().close();
  });
});

describe.skipIf(!hasChromium)("without JavaScript", () => {
  it("a signup with a ticked sign and an invalid address shows the advice first on the page, then the error", async () => {
    const page = await tab(false);
    const before = (await stack.subscribers()).length;
    await page.goto(`${stack.url}/`);
    await page.getByLabel("New problems passing urine").check();
    await page.getByLabel("Your email address").fill("not an address");
    await page.getByLabel(/I agree that unknot may store my answers/).check();
    const response = await navigating(page, () => page.getByRole("button", { name: "Start the program" }).click());
    expect(response?.status()).toBe(400);
    // first in the page: the heading, then the urgent advice, then everything else (the errors included)
    const first = await page.evaluate<string[]>(
      `[...document.querySelector("main").children].filter((el) => el.offsetParent !== null).slice(0, 3).map((el) => el.tagName + ": " + el.textContent.trim().slice(0, 40))`,
    );
    expect(first[0]).toBe("H1: Stress, back pain and what helps");
    expect(first[1]).toMatch(new RegExp(`^SECTION: ${URGENT}`));
    const [advice, errors] = await Promise.all([
      page.locator("section.flag-urgent:visible").first().boundingBox(),
      page.getByRole("heading", { name: "Please check the form" }).boundingBox(),
    ]);
    expect(advice!.y).toBeLessThan(errors!.y);
    expect(advice!.y).toBeLessThan(800); // on the first screen of a phone
    expect(await page.locator("section.flag-urgent:visible li").allTextContents()).toEqual(["New problems with your bladder or bowels"]);
    expect(await stack.subscribers()).toHaveLength(before); // a form with an error stores nothing
    await page.context().close();
  });
});

if (!hasChromium) it.skip(skipMessage, () => {});
