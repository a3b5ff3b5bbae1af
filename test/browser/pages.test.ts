import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Links } from "../../functions/domain/links/links";
import { answers, flags } from "../../functions/domain/subscriber/self-check";
import {
  announceSkip,
  focused,
  hasChromium,
  horizontalOverflow,
  launchChromium,
  navigating,
  openEmail,
  PHONE,
  phoneContext,
  screenshots,
  seriousViolations,
  skipMessage,
} from "../support/browser";
import { linkIn } from "../support/http";
import { startMemoryStack, type MemoryStack } from "../support/memory-stack";
import { subscriberItem, type SeedState } from "../support/seed";

/**
 * Every page in a real browser: axe-core finds no serious or critical problem, nothing scrolls
 * sideways on a 375 px phone, and the signup form works from the keyboard alone with each
 * error message tied to its field. Screenshots go to .test-output/screenshots/. The pages are
 * the point here, so the app runs on the memory stack; test/browser/journey.test.ts walks a
 * person through the real local stack, mailbox included.
 */
announceSkip();

let stack: MemoryStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!hasChromium) return;
  stack = await startMemoryStack();
  browser = await launchChromium();
  context = await phoneContext(browser);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The page as it stands is accessible and fits a phone. */
async function checkPage(what: string) {
  expect(await seriousViolations(page), `axe on ${what}`).toEqual([]);
  expect(await horizontalOverflow(page), `sideways scrolling on ${what} at 375 px`).toBe(0);
}

/** Opens a signed link and, if it shows a button, presses it: checks both pages. */
async function visitAndPress(url: string, what: string, button?: string) {
  await page.setViewportSize(PHONE);
  const shown = await page.goto(url);
  expect(shown?.status(), what).toBe(200);
  await checkPage(`${what} (link opened)`);
  if (!button) return;
  const response = await navigating(page, () => page.getByRole("button", { name: button }).click());
  expect(response?.status(), `${what} after pressing "${button}"`).toBe(200);
  await checkPage(`${what} (after pressing "${button}")`);
}

async function seeded(email: string, state: SeedState): Promise<Links> {
  await stack.put([subscriberItem(stack.context.key, email, { state })]);
  return stack.links(email);
}

/** Tabs forward from where the focus is until `until` has the focus; returns the ids passed. */
async function tabUntil(until: string, limit = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const { id, text } = await focused(page);
    seen.push(id || text);
    if (id === until || text === until) return seen;
  }
  throw new Error(`never reached ${until} with Tab; passed ${seen.join(", ")}`);
}

describe.skipIf(!hasChromium)("the signup form with a keyboard only", () => {
  it("reaches every control in order, skips the honeypot, ticks with Space and sends with Enter", async () => {
    await page.goto(`${stack.url}/`);
    const order = await tabUntil("Start the program");
    const expected = [
      ...answers.map((a) => `answers-${a.id}`),
      ...flags.map((f) => `flags-${f.id}`),
      "email",
      "consent",
      "Start the program",
    ];
    expect(order.filter((id) => expected.includes(id))).toEqual(expected);
    expect(order).not.toContain("website");

    // the same again, now answering: Shift+Tab back to the top, Space on two boxes
    await page.goto(`${stack.url}/`);
    await tabUntil("answers-fatigue");
    await page.keyboard.press("Space");
    await tabUntil("flags-night");
    await page.keyboard.press("Space");
    await tabUntil("email");
    await page.keyboard.type("keyboard.only@example.com");
    await tabUntil("consent");
    await page.keyboard.press("Space");
    await tabUntil("Start the program");
    await navigating(page, () => page.keyboard.press("Enter"));
    expect(await page.locator("h1").textContent()).toBe("Almost there: check your inbox");
    expect(await page.textContent("main")).toContain("Please see a doctor in the next few days");
    expect(await stack.subscriber("keyboard.only@example.com")).toMatchObject({
      status: "pending",
      answers: ["fatigue"],
      flags: ["night"],
    });
  });

  it("comes back with every error tied to its field, in a summary whose links lead to the fields", async () => {
    await page.goto(`${stack.url}/`);
    await tabUntil("email");
    await page.keyboard.type("not an address");
    await tabUntil("Start the program");
    const response = await navigating(page, () => page.keyboard.press("Enter"));
    expect(response?.status()).toBe(400);
    await checkPage("the signup form with errors");
    await screenshots(page, "signup-errors");

    const summary = page.getByRole("alert");
    expect(await summary.textContent()).toContain("Please check the form");
    const ties = await page.evaluate<{ error: string; described: string[]; invalid: (string | null)[] }[]>(`
      [...document.querySelectorAll(".error[id]")].map((error) => {
        const fields = [...document.querySelectorAll("[aria-describedby]")].filter((field) =>
          field.getAttribute("aria-describedby").split(/\\s+/).includes(error.id));
        return { error: error.id, described: fields.map((f) => f.id || f.tagName.toLowerCase()),
                 invalid: fields.map((f) => f.getAttribute("aria-invalid")) };
      })`);
    expect(ties.map((t) => t.error).sort()).toEqual(["consent-error", "email-error"]);
    for (const tie of ties) {
      expect(tie.described, `${tie.error} is described on its field`).toEqual([tie.error.replace("-error", "")]);
      expect(tie.invalid).toEqual(["true"]);
    }
    // every link in the summary leads to something on the page, and the typed address is kept
    const targets = await summary.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(targets.length).toBe(2);
    for (const target of targets) expect(await page.locator(target!).count(), `${target} exists`).toBe(1);
    expect(await page.inputValue("#email")).toBe("not an address");

    // from the top of the page, the first Tab reaches the summary; its link leads the keyboard to the field
    await page.locator("h1").click();
    await tabUntil("That doesn't look like an email address. Please check it.");
    await page.keyboard.press("Enter");
    expect(page.url().endsWith("#email")).toBe(true);
    await page.keyboard.press("Tab");
    const next = (await focused(page)).id;
    expect(["email", "consent"]).toContain(next);
  });
});

describe.skipIf(!hasChromium)("every page", () => {
  it("the signup page and the result page, with and without red flags, at 375 px and 1280 px", async () => {
    await page.goto(`${stack.url}/`);
    await checkPage("the signup page");
    await screenshots(page, "signup");

    const submit = async (email: string, ticks: string[]) => {
      await page.setViewportSize(PHONE);
      await page.goto(`${stack.url}/`);
      for (const label of ticks) await page.getByLabel(label).check();
      await page.getByLabel("Your email address").fill(email);
      await page.getByLabel(/I agree that unknot may store my answers/).check();
      await navigating(page, () => page.getByRole("button", { name: "Start the program" }).click());
    };

    await submit("result.plain@example.com", [answers[4].label, answers[7].label]);
    expect(await page.textContent("main")).not.toContain("see a doctor");
    await checkPage("the result page");
    await screenshots(page, "result");

    await submit("result.flags@example.com", [answers[0].label, flags[1].label, flags[4].label]);
    expect(await page.textContent("main")).toContain("Please get urgent medical help today");
    await checkPage("the result page with red flags");
    await screenshots(page, "result-red-flags");

    const soon = "result.soon@example.com";
    await submit(soon, [flags.find((f) => f.id === "night")!.label]);
    expect(await page.textContent("main")).toContain("Please see a doctor in the next few days");
    await checkPage("the result page with a warning sign");

    // the confirmation email, and the confirm link from it
    const [confirmation] = await stack.mailTo(soon);
    const email = await openEmail(context, confirmation!.body.html!);
    expect(await seriousViolations(email), "axe on the confirmation email").toEqual([]);
    expect(await horizontalOverflow(email), "the confirmation email fits a phone").toBe(0);
    await email.close();
    await visitAndPress(linkIn(confirmation!, "/confirm"), "confirm", "Yes, start my program");
    expect(await page.locator("h1").textContent()).toBe("You're in. Welcome!");
  });

  it("every page behind an emailed link, before and after its button", async () => {
    const links = await seeded("pages.active@example.com", "active");
    await visitAndPress(links.checkin(1, 4), "check-in", "Save my answer");
    await visitAndPress(links.pause(), "pause", "Pause my emails");
    await visitAndPress(links.pause(), "paused", "Resume now");
    await visitAndPress(links.data(), "your data", "Email me a download link");
    await visitAndPress(links.export(), "export");
    await visitAndPress(links.unsubscribe(), "unsubscribe", "Unsubscribe");
    await visitAndPress(links.delete(), "delete", "Delete my data");
    expect(await stack.subscriber("pages.active@example.com")).toBeUndefined();
  });

  it("your data offers the download first; signing out all links is a quieter link, and a second page asks before it acts", async () => {
    const links = await seeded("pages.signout@example.com", "active");
    const epoch = (await stack.subscriber("pages.signout@example.com"))!.linkEpoch;
    await page.goto(links.data());
    const before = (a: string, b: string) =>
      page.evaluate<boolean>(`(() => {
        const [x, y] = [${JSON.stringify(a)}, ${JSON.stringify(b)}].map((text) => [...document.querySelectorAll("button, a")].find((e) => e.textContent.trim() === text));
        return !!(x && y && x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING);
      })()`);
    expect(await before("Email me a download link", "Sign out all links…")).toBe(true);
    expect(await page.getByRole("link", { name: "Sign out all links…" }).getAttribute("class")).toBe("button secondary");
    await navigating(page, () => page.getByRole("link", { name: "Sign out all links…" }).click());
    expect(await page.locator("h1").textContent()).toBe("Sign out all links?");
    await checkPage("sign out all links, asked");
    expect((await stack.subscriber("pages.signout@example.com"))!.linkEpoch).toBe(epoch); // opening it changed nothing
    await navigating(page, () => page.getByRole("link", { name: "No, keep my links" }).click());
    expect(await page.locator("h1").textContent()).toBe("Your data");
    await navigating(page, () => page.getByRole("link", { name: "Sign out all links…" }).click());
    await navigating(page, () => page.getByRole("button", { name: "Yes, sign out all links" }).click());
    expect(await page.locator("h1").textContent()).toBe("All links are signed out");
    expect((await stack.subscriber("pages.signout@example.com"))!.linkEpoch).not.toBe(epoch);

    // pausing: the button first, the other choice after it
    const other = await seeded("pages.leaving@example.com", "active");
    await page.goto(other.pause());
    expect(await before("Pause my emails", "Unsubscribe")).toBe(true);
  });

  it("the questions after the last email and at the follow-up, before and after saving", async () => {
    const answer = async (url: string, what: string) => {
      await page.setViewportSize(PHONE);
      expect((await page.goto(url))?.status(), what).toBe(200);
      await checkPage(`${what} (link opened)`);
      await page.locator('label[for="pain-3"]').click();
      await page.getByLabel("A little better").check();
      const response = await navigating(page, () => page.getByRole("button", { name: "Save my answers" }).click());
      expect(response?.status(), what).toBe(200);
      await checkPage(`${what} (saved)`);
    };
    const end = await seeded("pages.end@example.com", "completed");
    await answer(end.end(), "the end questions");
    await page.goto(end.end());
    await screenshots(page, "end-questions");
    const later = await seeded("pages.later@example.com", "followedUp");
    await answer(later.followUp(), "the follow-up questions");
    expect((await stack.subscriber("pages.later@example.com"))!.atFollowUp).toMatchObject({ pain: 3, change: "better" });
  });

  it("the pages that say no: a broken link, a link for someone who left, a page that isn't there", async () => {
    const links = await seeded("pages.broken@example.com", "pending");
    const broken = await page.goto(links.confirm().replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    expect(broken?.status()).toBe(400);
    await checkPage("a broken link");
    const gone = await page.goto(links.pause());
    expect(gone?.status()).toBe(404);
    await checkPage("a pause link for someone not in the program");
    const missing = await page.goto(`${stack.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await checkPage("the 404 page");
  });
});

if (!hasChromium) it.skip(skipMessage, () => {});
