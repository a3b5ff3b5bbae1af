import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "../../functions/runtime/context";
import { runPass } from "../../functions/domain/sending/pass";
import { dark } from "../../functions/email/palette";
import { announceSkip, hasChromium, launchChromium, navigating, openEmail, PHONE, phoneContext, seriousViolations, skipMessage } from "../support/browser";
import { confirmedSubscriber } from "../support/people";
import { linkIn, startTestStack, type StoredEmail, type TestStack } from "../support/stack";

/**
 * What a shaky thumb and tired eyes need, measured in Chromium: every check-in number and the
 * "I've been checked" button at least 44 × 44 px on a 320 px phone, no text under 14 px, and
 * the dark colour scheme applied with every text at 4.5:1 or more (axe), emails and pages.
 */
announceSkip();

const SMALL_PHONE = 320;
const MIN_TARGET = 44;
const MIN_TEXT_PX = 14;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let urgentWeek1: StoredEmail;
let lastEmail: StoredEmail;

/** Walks a subscriber through every week; returns their program emails. */
async function walk(email: string): Promise<StoredEmail[]> {
  let at = Date.now();
  for (let i = 0; i < 20; i++) {
    await runPass(getContext(), { now: new Date(at) });
    const next = (await stack.subscriber(email))?.dueAt;
    if (!next) break;
    at = next;
  }
  return (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));
}

beforeAll(async () => {
  if (!hasChromium) return;
  stack = await startTestStack();
  browser = await launchChromium();
  context = await phoneContext(browser, { viewport: { ...PHONE, width: SMALL_PHONE } });
  page = await context.newPage();
  await confirmedSubscriber(stack, "thumbs@example.com", { answers: ["sleep"], flags: ["bladder", "weight"] });
  urgentWeek1 = (await walk("thumbs@example.com"))[0]!;
  await confirmedSubscriber(stack, "trend@example.com", { answers: ["mood"] });
  lastEmail = (await walk("trend@example.com")).at(-1)!;
  await confirmedSubscriber(stack, "pauser@example.com", { flags: ["saddle"] }); // in the program, not yet checked
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Box = { what: string; width: number; height: number };

/** The size of everything matching `selector`, as laid out now (evaluated in the page, which has the DOM). */
const boxes = (tab: Page, selector: string) =>
  tab.evaluate<Box[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => {
    const r = el.getBoundingClientRect();
    return { what: (el.textContent ?? "").trim().slice(0, 30), width: r.width, height: r.height };
  })`);

/** Every visible piece of text whose font is smaller than `min` px. */
const smallText = (tab: Page, min: number) =>
  tab.evaluate<string[]>(`(() => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? "").trim();
      const el = node.parentElement;
      if (!text || !el || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || el.closest("[aria-hidden=true], .hp")) continue;
      if (parseFloat(style.fontSize) < ${min}) small.push(style.fontSize + ' "' + text.slice(0, 40) + '"');
    }
    return small;
  })()`);

const expectTargets = (found: Box[], count: number, where: string) => {
  expect(found, where).toHaveLength(count);
  for (const box of found) {
    expect(box.width, `${where}: "${box.what}" is ${box.width.toFixed(0)} px wide`).toBeGreaterThanOrEqual(MIN_TARGET);
    expect(box.height, `${where}: "${box.what}" is ${box.height.toFixed(0)} px tall`).toBeGreaterThanOrEqual(MIN_TARGET);
  }
};

describe.skipIf(!hasChromium)("at 320 px wide", () => {
  it("every check-in number in the email, and the \"I've been checked\" button, is at least 44 × 44 px; no text is under 14 px", async () => {
    const email = await openEmail(context, urgentWeek1.body.html!, SMALL_PHONE);
    expectTargets(await boxes(email, 'a[href*="/checkin?"]'), 11, "check-in numbers in the email");
    expectTargets(await boxes(email, 'a[href*="/checked?"]'), 1, "the checked button");
    expect(await smallText(email, MIN_TEXT_PX)).toEqual([]);
    await email.close();
    const last = await openEmail(context, lastEmail.body.html!, SMALL_PHONE);
    expect(await smallText(last, MIN_TEXT_PX), "the last email, with its trend").toEqual([]);
    await last.close();
  });

  it("every number on the check-in page is at least 44 × 44 px, its whole tile picks it, and no text is under 14 px", async () => {
    await page.goto(linkIn(urgentWeek1, "/checkin"));
    expectTargets(await boxes(page, "label.score"), 11, "check-in page");
    expect(await smallText(page, MIN_TEXT_PX)).toEqual([]);
    // a tap near the edge of the tile, away from the radio button itself, still chooses the number
    const tile = page.locator("label.score", { hasText: /^7$/ });
    const box = (await tile.boundingBox())!;
    await page.mouse.click(box.x + box.width - 4, box.y + box.height - 4);
    expect(await page.isChecked("#score-7")).toBe(true);
    const saved = await navigating(page, () => page.getByRole("button", { name: "Save my answer" }).click());
    expect(saved?.status()).toBe(200);
    expect((await stack.subscriber("thumbs@example.com"))?.checkins?.["1"]?.score).toBe(7);
  });
});

describe.skipIf(!hasChromium)("the other pages at 320 px", () => {
  it("have no text under 14 px: signup, result with both tiers, checked", async () => {
    await page.goto(`${stack.url}/`);
    expect(await smallText(page, MIN_TEXT_PX), "signup page").toEqual([]);
    await page.getByLabel("Sciatica in both legs at once").check();
    await page.getByLabel("You have had cancer").check();
    await page.getByLabel("Your email address").fill("small.text@example.com");
    await page.getByLabel(/I agree that unknot may store my answers/).check();
    await navigating(page, () => page.getByRole("button", { name: "Start the program" }).click());
    expect(await page.textContent("h2")).toBe("Please get urgent medical help today");
    expect(await smallText(page, MIN_TEXT_PX), "result page").toEqual([]);
    await page.goto((await stack.links("pauser@example.com")).checked());
    expect(await page.textContent("h1")).toBe("Has a doctor checked you?");
    expect(await smallText(page, MIN_TEXT_PX), "checked page").toEqual([]);
  });
});

describe.skipIf(!hasChromium)("the pages' look", () => {
  it("puts each form heading inside its box, not across the border, and shows an icon in the tab", async () => {
    for (const [url, what] of [
      [`${stack.url}/`, "signup"],
      [linkIn(urgentWeek1, "/checkin"), "check-in"],
      [(await stack.links("pauser@example.com")).pause(), "pause"],
    ] as const) {
      await page.goto(url);
      const gaps = await page.evaluate<number[]>(`[...document.querySelectorAll("fieldset")].map((fieldset) => {
        const border = parseFloat(getComputedStyle(fieldset).borderTopWidth);
        return fieldset.querySelector("legend").getBoundingClientRect().top - (fieldset.getBoundingClientRect().top + border);
      })`);
      expect(gaps.length, what).toBeGreaterThan(0);
      for (const gap of gaps) expect(gap, `${what}: the legend starts ${gap}px below the fieldset's top border`).toBeGreaterThanOrEqual(0);
    }
    const href = await page.getAttribute('link[rel="icon"]', "href");
    const icon = await fetch(new URL(href!, stack.url));
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toMatch(/^<svg /);
  });
});

describe.skipIf(!hasChromium)("in the dark colour scheme", () => {
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
  /** The colour behind the content: the body's, or the root's when the body has none. */
  const background = (tab: Page) =>
    tab.evaluate<string>(`(() => {
      const body = getComputedStyle(document.body).backgroundColor;
      return body === "rgba(0, 0, 0, 0)" ? getComputedStyle(document.documentElement).backgroundColor : body;
    })()`);

  it("the pages switch to the dark palette and keep every text readable", async () => {
    const darkPage = await context.newPage();
    await darkPage.emulateMedia({ colorScheme: "dark" });
    const visit = async (url: string, what: string) => {
      await darkPage.goto(url);
      expect(await background(darkPage), what).toBe(rgb(dark.bg));
      expect(await seriousViolations(darkPage), `axe on ${what}, dark`).toEqual([]);
    };
    await visit(`${stack.url}/`, "the signup page");
    await darkPage.getByLabel("New problems passing urine").check();
    await darkPage.getByLabel("A drop in weight you can't explain").check();
    await darkPage.getByLabel("Your email address").fill("dark.result@example.com");
    await darkPage.getByLabel(/I agree that unknot may store my answers/).check();
    await navigating(darkPage, () => darkPage.getByRole("button", { name: "Start the program" }).click());
    expect(await seriousViolations(darkPage), "axe on the result page with both tiers, dark").toEqual([]);
    await visit(linkIn(urgentWeek1, "/checkin"), "the check-in page");
    await visit((await stack.links("pauser@example.com")).checked(), "the checked page");
    await darkPage.close();
  });

  it("the emails switch to the dark palette and keep every text readable", async () => {
    const [confirmation] = await stack.mailTo("thumbs@example.com");
    for (const [what, html] of [
      ["the confirmation email", confirmation!.body.html!],
      ["week 1 with both tiers of warning signs", urgentWeek1.body.html!],
      ["the last email, with the trend", lastEmail.body.html!],
    ] as const) {
      const email = await openEmail(context, html, SMALL_PHONE);
      await email.emulateMedia({ colorScheme: "dark" });
      expect(await background(email), what).toBe(rgb(dark.bg));
      expect(await seriousViolations(email), `axe on ${what}, dark`).toEqual([]);
      await email.emulateMedia({ colorScheme: "light" });
      expect(await seriousViolations(email), `axe on ${what}, light`).toEqual([]);
      await email.close();
    }
  });
});

if (!hasChromium) it.skip(skipMessage, () => {});
