import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "../../functions/runtime/context";
import { runPass } from "../../functions/domain/sending/pass";
import { templates } from "../../functions/email/templates";
import {
  announceSkip,
  focused,
  hasChromium,
  launchChromium,
  navigating,
  openEmail,
  PHONE,
  phoneContext,
  screenshots,
  seriousViolations,
  skipMessage,
} from "../support/browser";
import { startTestStack, type StoredEmail, type TestStack } from "../support/stack";

/**
 * One person's whole journey in a real browser: the form, the confirmation email in the local
 * mailbox, week 1, and leaving through the link in it.
 */
announceSkip();

const DAY = 86_400_000;
const TIME_ZONE = "America/Chicago";
const EMAIL = "journey.reader@example.com";
const week1Subject = templates.program.find((w) => w.id === "cycle")!.subject;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!hasChromium) return;
  stack = await startTestStack();
  browser = await launchChromium();
  // the browser's own time zone: the page's script must send it with the form
  context = await phoneContext(browser, { timezoneId: TIME_ZONE });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const mailbox = () => `http://127.0.0.1:${stack.config.sesPort}/`;
const programMail = async (): Promise<StoredEmail[]> =>
  (await stack.mailTo(EMAIL)).filter((m) => templates.program.some((w) => w.subject === m.subject));

describe.skipIf(!hasChromium)("a person in a real browser", () => {
  it("signs up, confirms from the mailbox, gets week 1, leaves through its link, and gets nothing more", async () => {
    // the form, filled in like a person: clicks on labels, typing, Tab and Space, Enter to send
    await page.goto(`${stack.url}/`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("I have trouble falling or staying asleep").click();
    await page.getByText("The pain gets worse when my mood is low").click();
    await page.getByLabel("Your email address").click();
    await page.keyboard.type(EMAIL);
    await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("consent");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Start the program");
    await navigating(page, () => page.keyboard.press("Enter"));

    expect(await page.locator("h1").textContent()).toBe("Almost there: check your inbox");
    expect(await page.textContent("main")).toContain("2 of the 8 statements fit you");
    expect(await stack.subscriber(EMAIL)).toMatchObject({ status: "pending", answers: ["mood", "sleep"], tz: TIME_ZONE });

    // the local mailbox: open the confirmation email and follow its button
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(mailbox());
    const confirmation = page.locator(".email", { hasText: EMAIL }).filter({ hasText: "confirm your unknot subscription" });
    await confirmation.getByRole("button", { name: "Toggle HTML view" }).click();
    const button = confirmation.frameLocator("iframe").locator('a[href*="/confirm?token="]').first();
    const confirmUrl = (await button.getAttribute("href"))!;
    expect(confirmUrl.startsWith(`${stack.url}/confirm?token=`)).toBe(true);

    await page.setViewportSize(PHONE);
    await page.goto(confirmUrl);
    expect(await stack.subscriber(EMAIL)).toMatchObject({ status: "pending" }); // opening the link changes nothing
    await navigating(page, () => page.getByRole("button", { name: "Yes, start my program" }).click());
    expect(await page.locator("h1").textContent()).toBe("You're in. Welcome!");
    expect(await stack.subscriber(EMAIL)).toMatchObject({ status: "active", week: 1 });

    // the sender's next pass mails week 1; open it in the browser as a mail client would show it
    const start = Date.now();
    await runPass(getContext(), { now: new Date(start) });
    const [week1] = await programMail();
    expect(week1?.subject).toBe(week1Subject);
    page = await openEmail(context, week1!.body.html!);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "email-week-1");

    // its unsubscribe link shows a page with one button; pressing it ends the program at once
    await page.setViewportSize(PHONE);
    const leave = page.getByRole("link", { name: "Unsubscribe" });
    expect((await leave.getAttribute("href"))?.startsWith(`${stack.url}/unsubscribe?token=`)).toBe(true);
    await navigating(page, () => leave.click());
    expect(await page.locator("h1").textContent()).toBe("Leave unknot?");
    expect(await seriousViolations(page)).toEqual([]);
    expect((await stack.subscriber(EMAIL))?.status).toBe("active"); // following the link alone changes nothing
    await navigating(page, () => page.getByRole("button", { name: "Unsubscribe" }).click());
    expect(await page.locator("h1").textContent()).toBe("You're unsubscribed");
    expect(await seriousViolations(page)).toEqual([]);
    expect((await stack.subscriber(EMAIL))?.status).toBe("unsubscribed");

    // no later pass mails this subscriber
    for (let day = 1; day <= 70; day += 7) await runPass(getContext(), { now: new Date(start + day * DAY) });
    expect((await programMail()).map((m) => m.subject)).toEqual([week1Subject]);
  });
});

if (!hasChromium) it.skip(skipMessage, () => {});
