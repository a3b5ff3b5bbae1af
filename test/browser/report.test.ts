import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Status } from "../../functions/domain/subscriber/states";
import { suppressionRecord } from "../../functions/domain/subscriber/lifecycle";
import type { Subscriber } from "../../functions/domain/subscriber/subscriber";
import { subscriberIdFor } from "../../functions/domain/links/tokens";
import { LOCAL_TABLE } from "../../infra/dev/env";
import {
  announceSkip,
  hasChromium,
  horizontalOverflow,
  launchChromium,
  PHONE,
  screenshotDir,
  screenshots,
  seriousViolations,
  skipMessage,
} from "../support/browser";
import { putAll } from "../support/seed";
import { statsOf } from "../../infra/ops/stats/figures";
import { reportHtml } from "../../infra/ops/report/page";
import { startTestStack, type TestStack } from "../support/stack";
import { statsItem, type Shape } from "../support/stats-items";

/**
 * `npm run report` against a local table of known figures, opened in a real browser: the
 * numbers in its data tables are the ones worked out by hand below, small cells are
 * suppressed, nothing in the file identifies anyone, and it reads on a phone and a laptop.
 */
announceSkip();

const march = "2025-03-10T09:00:00.000Z";
const april = "2025-04-02T09:00:00.000Z";
let n = 0;
const item = (key: string, status: Status, shape: Shape = {}) => {
  const email = `reader-${++n}@example.com`;
  return statsItem({ pk: subscriberIdFor(key, email), email }, status, { createdAt: march, ...shape });
};
const times = (count: number, make: () => Subscriber) => Array.from({ length: count }, make);
const allWeeks = [1, 2, 3, 4, 5, 6, 7, 8, 9];

function fixture(key: string): object[] {
  return [
    // March: 20 confirmed
    ...times(5, () =>
      item(key, "completed", { sent: allWeeks, scores: { 1: 6, 9: 3 }, answers: ["sleep"], baseline: { pain: 6 }, atEnd: { pain: 3, change: "muchBetter" } }),
    ),
    ...times(5, () =>
      item(key, "completed", { sent: allWeeks, scores: { 1: 8, 9: 3 }, answers: ["sleep"], baseline: { pain: 8 }, atEnd: { pain: 3, change: "better" } }),
    ),
    ...times(6, () => item(key, "unsubscribed", { sent: [1, 2], scores: { 1: 4, 2: 4 }, answers: ["mood"], baseline: { pain: 4 } })),
    ...times(4, () => item(key, "active", { sent: [1], flags: ["night"] })),
    // April: 7 who never confirmed, one of whose confirmation emails bounced
    item(key, "pending", { confirmed: false, createdAt: april, flags: ["weight"] }),
    ...times(5, () => item(key, "pending", { confirmed: false, createdAt: april })),
    item(key, "bounced", { confirmed: false, createdAt: april }),
    // not signups: a suppression record, and a signup rate limit's counter
    suppressionRecord("suppressed-id-1", "complained", march, "abuse", march),
    { pk: "limit#ip#abc#2025031009", count: 2, expiresAt: 1_741_600_000 },
  ];
}

/**
 * Worked out by hand from the fixture (27 signups, 20 confirmed).
 * Week 1: 16 scores, six 4s, five 6s, five 8s: mean 94/16 = 5.875; median (8th and 9th) 6;
 * squared deviations 6·1.875² + 5·0.125² + 5·2.125² = 43.75, s² = 43.75/15, s/√16 = 0.42696,
 * t(0.975, 15 df) = 2.1314, so the interval is 5.875 ± 0.91001 = 4.96 to 6.79.
 * Week 2: six 4s. Week 9: ten 3s. Weeks 3–8: no check-ins.
 * Outcomes: the 10 who completed went 6 → 3 and 8 → 3 (50 % and 62.5 % less pain); the 6 who left
 * after week 2 gave a baseline only; the 4 still in the program count nowhere yet. So 10 of the 16
 * whose program is over responded (62.5 %, Wilson 38.6–81.5 %), 10 of the 10 completers (72.2–100 %);
 * "much better" 5 of 16 (31.25 %, 14.2–55.6 %) and 5 of 10 (23.7–76.3 %). Pain changed by −3 five
 * times and −5 five times: mean −4, s² = 10/9, s/√10 = 0.33333, t(9) = 2.2622: −4.75 to −3.25.
 * Emails: 10·9 + 6·2 + 4·1 = 106 program emails + 27 confirmations = 133; under 5/133 = 3.76 %, more
 * than half of the 5 % bounce limit, so no verdict yet.
 */
const few = "fewer than 5";
const itt = "10 of 16: 62.5% (38.6–81.5%)";
const all10 = "10 of 10: 100.0% (72.2–100.0%)";
const expected: Record<string, string[][]> = {
  "Responders after the program (k of n: share, 95 % interval)": [
    ["≥ 30 % less pain than at signup", itt, all10],
    ["≥ 50 % less pain than at signup", itt, all10],
    ["Pain 0 or 1 out of 10", few, few],
    ["Back “much better” overall", "5 of 16: 31.3% (14.2–55.6%)", "5 of 10: 50.0% (23.7–76.3%)"],
    ["Back “much” or “a little better”", itt, all10],
  ],
  "People at each step of the outcome questions": [
    ["Confirmed", "20"],
    ["Still in the program", few],
    ["Program over (intention to treat)", "16"],
    ["Gave their pain at signup", "16"],
    ["Answered all three at signup", few],
    ["Got the last email (completed)", "10"],
    ["Gave their pain after the program", "10"],
    ["Asked for the follow-up", few],
    ["Follow-up sent", few],
    ["Follow-up still to come", few],
    ["Gave their pain at the follow-up", few],
  ],
  "Mean change from signup among completers (0–10 points; below 0 is better)": [
    ["Pain, after the program", "10", "−4.0", "−4.8 to −3.2"],
    ["PEG, after the program", few, few, few],
    ["Pain, at the follow-up", few, few, few],
    ["PEG, at the follow-up", few, few, few],
  ],
  "Global impression of change: answers": [
    ["Much better", "5", few],
    ["A little better", "5", few],
    ["About the same", few, few],
    ["A little worse", few, few],
    ["Much worse", few, few],
    ["Answered", "10", few],
  ],
  "Responders at the follow-up (k of n: share, 95 % interval)": [
    ["≥ 30 % less pain than at signup", few, few],
    ["≥ 50 % less pain than at signup", few, few],
    ["Pain 0 or 1 out of 10", few, few],
    ["Back “much better” overall", few, few],
    ["Back “much” or “a little better”", few, few],
  ],
  "≥ 30 % less pain after the program, by group (k of n: share, 95 % interval)": [
    ["warning sign: urgent", few, few],
    ["warning sign: see a doctor soon", few, few],
    ["no warning sign", itt, all10],
    ...["pain despite rest", "morning pain", "long-lasting pain", "pain moves around", "pain follows mood", "low appetite", "easily tired"].map((a) => [
      `ticked: ${a}`,
      few,
      few,
    ]),
    ["ticked: trouble sleeping", all10, all10],
  ],
  "Subscribers at each step, how many completed with it, and how many left right after it": [
    ["Signed up", "27", "–", "–", few],
    ["Confirmed", "20", "–", few, few],
    ["Week 1", "20", few, few, few],
    ["Week 2", "16", few, "6", few],
    ...[3, 4, 5, 6, 7, 8].map((w) => [`Week ${w}`, "10", few, few, few]),
    ["Week 9", "10", "10", few, few],
    ["Completed", "10", "–", "–", "–"],
    ["of them, a shorter program", few, "–", "–", "–"],
    ["Still in the program", few, "–", "–", "–"],
  ],
  "Pain score per week among those who checked in": [
    ["1", "16", "5.9", "5.0 to 6.8", "6.0"],
    ["2", "6", "4.0", "4.0 to 4.0", "4.0"],
    ...[3, 4, 5, 6, 7, 8].map((w) => [String(w), few, few, few, few]),
    ["9", "10", "3.0", "3.0 to 3.0", "3.0"],
  ],
  "Check-ins per program week": [
    ["1", "20", "16", "80.0%"],
    ["2", "16", "6", "37.5%"],
    ...[3, 4, 5, 6, 7, 8].map((w) => [String(w), "10", few, few]),
    ["9", "10", "10", "100.0%"],
  ],
  "Signups by warning-sign tier": [
    ["urgent: medical help today", few],
    ["see a doctor soon", "5"],
    ["none ticked", "22"],
  ],
  // five people scored 8 in week 1 (then 3 in week 9: no rise); no sign was reported at a check-in
  "Check-ins that called for advice, by kind": [
    ["a score of 8 or more", "5", "5"],
    ["a rise of 3 or more over their first score", "fewer than 5", "fewer than 5"],
    ["an urgent warning sign, reported for the first time", "fewer than 5", "fewer than 5"],
    ["a soon warning sign, reported for the first time", "fewer than 5", "fewer than 5"],
  ],
  "Subscribers by signup month": [
    ["2025-03", "20", "20", "10", "6"],
    ["2025-04", "7", few, few, few],
  ],
  "Bounce and complaint rates against the limits": [
    ["Bounce rate", "fewer than 5 (under 3.76%)", "5.0% (AWS SES review)", "can't tell yet"],
    ["Complaint rate", "fewer than 5 (under 3.76%)", "0.1% (AWS SES review)", "can't tell yet"],
    ["Complaint rate", "fewer than 5 (under 3.76%)", "0.3% (Gmail and Yahoo)", "can't tell yet"],
  ],
};

/**
 * What a phone reader would trip over at the page's current width: a sideways scroll of the
 * page, a table that is wider than its box with no shadow to say there is more, text (charts'
 * included, as drawn after scaling) under 11 px, and numbers as a machine writes them.
 */
function phoneProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const problems = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push("the page scrolls sideways by " + (root.scrollWidth - root.clientWidth) + " px");
    for (const box of document.querySelectorAll(".table")) {
      const more = box.scrollWidth > box.clientWidth;
      if (more && !getComputedStyle(box).backgroundImage.includes("gradient")) problems.push("a table scrolls with no cue: " + box.getAttribute("aria-label"));
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!text) continue;
      const element = node.parentElement;
      let size = parseFloat(getComputedStyle(element).fontSize);
      const svg = element.closest("svg");
      if (svg) size *= svg.getBoundingClientRect().width / Number(svg.getAttribute("width"));
      if (element.closest("title, desc")) continue; // read out, never drawn
      if (size < 11) problems.push(size.toFixed(1) + " px: " + text.slice(0, 40));
    }
    if (/\d\.\d{5,}/.test(document.body.textContent)) problems.push("a number with five or more decimals");
    return problems;
  })()`);
}

let stack: TestStack;
let browser: Browser;
let page: Page;
let seeded: object[];
let html: string;

beforeAll(async () => {
  if (!hasChromium) return;
  stack = await startTestStack();
  const key = (JSON.parse(process.env.SST_RESOURCE_TokenKey!) as { value: string }).value;
  seeded = fixture(key);
  await putAll(new DynamoDBClient({}), LOCAL_TABLE, seeded);
  const out = join(stack.config.dataDir, "report.html");
  const { stdout } = await promisify(execFile)("npx", ["tsx", "infra/ops/report.ts", "--out", out], { env: stack.cliEnv() });
  expect(stdout.trim()).toMatch(/report\.html$/);
  html = readFileSync(out, "utf8");
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(pathToFileURL(out).href);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe.skipIf(!hasChromium)(`npm run report (${hasChromium ? "Chromium" : skipMessage})`, () => {
  it("shows the hand-worked figures in its data tables, with small cells suppressed", async () => {
    const tables = await page.evaluate<Record<string, string[][]>>(`Object.fromEntries(
      [...document.querySelectorAll("table")].map((table) => [
        table.caption.textContent.trim(),
        [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.textContent.trim())),
      ]),
    )`);
    expect(tables).toEqual(expected);
  });

  it("holds no address, id, note or message id, and fetches nothing", () => {
    for (const item of seeded as Partial<Subscriber>[]) {
      expect(html).not.toContain(item.pk);
      if (item.email) expect(html).not.toContain(item.email);
    }
    expect(html).not.toMatch(/[\w.+-]+@[\w-]+\.\w/); // nothing shaped like an address
    expect(html).not.toContain("private note");
    expect(html).not.toContain("message-");
    expect(html).not.toContain("suppressed-id-1");
    expect(html).not.toMatch(/<script|<link|<img|\burl\(|https?:\/\/(?!www\.w3\.org)/);
  });

  it("draws each chart as an image with its own title and description", async () => {
    const charts = await page.evaluate<{ role: string; title?: string; desc: string }[]>(
      `[...document.querySelectorAll("figure.chart svg")].map((svg) => {
        const [title, desc] = svg.getAttribute("aria-labelledby").split(" ").map((id) => document.getElementById(id));
        return { role: svg.getAttribute("role"), title: title?.tagName, desc: desc?.textContent ?? "" };
      })`,
    );
    expect(charts.length).toBe(4); // responders, reach, pain, check-ins: no bounce or complaint to draw
    for (const chart of charts) expect(chart).toMatchObject({ role: "img", title: "title", desc: expect.stringContaining("chart") });
    expect(charts[0]!.desc).toContain("≥30% less pain, intention to treat: 63% (39% to 82%)");
    expect(charts[2]!.desc).toContain("week 1 mean 5.9 (n 16)");
    // where there is nothing to draw, the report says so in words
    await expect(page.locator("#deliverability .no-chart").textContent()).resolves.toContain("No chart yet");
  });

  it("says outright that the outcomes are no evidence the program works", async () => {
    await expect(page.getByRole("complementary", { name: "How to read the outcomes" }).textContent()).resolves.toContain(
      "not evidence that the program works",
    );
  });

  it("counts only the signups in a date range given on the command line, saying how far the scan got", async () => {
    const out = join(stack.config.dataDir, "april.html");
    // one scan segment, so the pages come in the table's order and the count at page 10 is known
    const args = ["--from", "2025-04-01", "--page-size", "2", "--segments", "1", "--out", out];
    const { stderr } = await promisify(execFile)("npx", ["tsx", "infra/ops/report.ts", ...args], { env: stack.cliEnv() });
    // progress every 10 pages of 2; the counter item is read but never returned, so by page 10
    // 19 or 20 subscribers have come back, depending on where the counter falls in the table's order
    expect(stderr).toMatch(/scanned (19|20) items \(10 pages\)…/);
    const april = readFileSync(out, "utf8");
    expect(april).toContain("Signups from 2025-04-01: 7.");
    expect(april).toContain('<th scope="row">2025-04</th><td>7</td>');
    expect(april).not.toContain('<th scope="row">2025-03</th>');
  });

  it("prints every table whole on an A4 page (PDF in .test-output/screenshots)", async () => {
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 720, height: 1000 }); // A4's printable width at 96 dpi
    const clipped = await page.evaluate<string[]>(
      `[...document.querySelectorAll(".table")].filter((t) => t.scrollWidth > t.clientWidth).map((t) => t.getAttribute("aria-label"))`,
    );
    expect(clipped).toEqual([]);
    mkdirSync(screenshotDir, { recursive: true });
    const pdf = await page.pdf({ path: join(screenshotDir, "report.pdf"), format: "A4", margin: { top: "15mm", bottom: "15mm", left: "12mm", right: "12mm" } });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
  });

  it("is accessible with every chart drawn, as in the demo report", async () => {
    const out = join(stack.config.dataDir, "demo.html");
    await promisify(execFile)("npx", ["tsx", "infra/ops/report.ts", "--demo", "--out", out], { env: stack.cliEnv() });
    const demo = await browser.newPage();
    await demo.setViewportSize(PHONE);
    await demo.goto(pathToFileURL(out).href);
    expect(await demo.locator("figure.chart svg[role=img]").count()).toBe(5); // responders, reach, pain, check-ins, deliverability
    expect(await seriousViolations(demo)).toEqual([]);
    expect(await horizontalOverflow(demo)).toBe(0);
    expect(await phoneProblems(demo)).toEqual([]);
    // narrower still, the widest table scrolls inside its box, and a shadow on its edge says so
    await demo.setViewportSize({ width: 320, height: 800 });
    expect(await horizontalOverflow(demo)).toBe(0);
    const boxes = await demo.evaluate<{ more: boolean; cue: boolean }[]>(
      `[...document.querySelectorAll(".table")].map((box) => ({ more: box.scrollWidth > box.clientWidth, cue: getComputedStyle(box).backgroundImage.includes("gradient") }))`,
    );
    expect(boxes.filter((b) => b.more).length).toBeGreaterThan(0);
    for (const box of boxes.filter((b) => b.more)) expect(box.cue).toBe(true);
    await demo.close();
  });

  it("reads on a 375 px phone: nothing scrolls sideways unseen, no text under 11 px, no 0.000000", async () => {
    await page.setViewportSize(PHONE);
    expect(await phoneProblems(page)).toEqual([]);
    // four people, as if walked through the program: the header's count is suppressed too, and no chart draws an empty axis
    const four = [
      ...times(2, () => item("four", "completed", { sent: allWeeks, scores: { 1: 5, 9: 2 }, baseline: { pain: 5 }, atEnd: { pain: 2 } })),
      item("four", "unsubscribed", { sent: [1, 2, 3] }),
      item("four", "active", { sent: [1] }),
    ];
    const html = await reportHtml(await statsOf([four]), { source: "Four", filter: {}, generatedAt: new Date() });
    const few = await browser.newPage();
    await few.setViewportSize(PHONE);
    await few.setContent(html);
    expect(await phoneProblems(few)).toEqual([]);
    expect(await few.locator("header").textContent()).toContain("All signups: fewer than 5.");
    expect(await few.locator("figure.chart").count()).toBe(0);
    expect(await few.locator(".no-chart").count()).toBe(5);
    expect(html).not.toContain("0.000000");
    expect(await few.locator("#deliverability").textContent()).toContain("as a share of the fewer than 5 emails sent");
    await few.close();
  });

  it("is accessible and reads at 375 px and 1280 px (screenshots in .test-output/screenshots)", async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "report");
  });
});
