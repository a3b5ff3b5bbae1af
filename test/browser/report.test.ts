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
  screenshotDir,
  screenshots,
  seriousViolations,
  skipMessage,
} from "../support/browser";
import { putAll } from "../support/seed";
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
    ...times(5, () => item(key, "completed", { sent: allWeeks, scores: { 1: 6, 9: 3 }, answers: ["sleep"] })),
    ...times(5, () => item(key, "completed", { sent: allWeeks, scores: { 1: 8, 9: 3 }, answers: ["sleep"] })),
    ...times(6, () => item(key, "unsubscribed", { sent: [1, 2], scores: { 1: 4, 2: 4 }, answers: ["mood"] })),
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
 * Emails: 10·9 + 6·2 + 4·1 = 106 program emails + 27 confirmations = 133; 5/133 = 3.76 %.
 */
const expected: Record<string, string[][]> = {
  "Subscribers at each step, and how many left right after it": [
    ["Signed up", "27", "–", "fewer than 5", "fewer than 5"],
    ["Confirmed", "20", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["Week 1", "20", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["Week 2", "16", "6", "fewer than 5", "fewer than 5"],
    ...[3, 4, 5, 6, 7, 8, 9].map((w) => [`Week ${w}`, "10", "fewer than 5", "fewer than 5", "fewer than 5"]),
    ["Completed", "10", "–", "–", "–"],
  ],
  "Pain score per week among those who checked in": [
    ["1", "16", "5.9", "5.0 to 6.8", "6.0"],
    ["2", "6", "4.0", "4.0 to 4.0", "4.0"],
    ...[3, 4, 5, 6, 7, 8].map((w) => [String(w), "fewer than 5", "fewer than 5", "fewer than 5", "fewer than 5"]),
    ["9", "10", "3.0", "3.0 to 3.0", "3.0"],
  ],
  "Fell by 2 or more from first to last check-in (n: subscribers with two or more check-ins)": [
    ["everyone", "16", "10", "62.5%"],
    ["pain despite rest", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["morning pain", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["long-lasting pain", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["pain moves around", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["pain follows mood", "6", "fewer than 5", "fewer than 5"],
    ["low appetite", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["easily tired", "fewer than 5", "fewer than 5", "fewer than 5"],
    ["trouble sleeping", "10", "10", "100.0%"],
  ],
  "Check-ins per program week": [
    ["1", "20", "16", "80.0%"],
    ["2", "16", "6", "37.5%"],
    ...[3, 4, 5, 6, 7, 8].map((w) => [String(w), "10", "fewer than 5", "fewer than 5"]),
    ["9", "10", "10", "100.0%"],
  ],
  "Signups by warning-sign tier": [
    ["urgent: medical help today", "fewer than 5"],
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
    ["2025-03", "20", "20", "20", "10", "6", "62.5% of 16"],
    ["2025-04", "7", "fewer than 5", "fewer than 5", "fewer than 5", "fewer than 5", "fewer than 5"],
  ],
  "Bounce and complaint rates against the limits": [
    ["Bounce rate", "fewer than 5 (under 3.76%)", "5.0% (AWS SES review)", "below the limit"],
    ["Complaint rate", "fewer than 5 (under 3.76%)", "0.1% (AWS SES review)", "can't tell yet"],
    ["Complaint rate", "fewer than 5 (under 3.76%)", "0.3% (Gmail and Yahoo)", "can't tell yet"],
  ],
};

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
    expect(charts.length).toBeGreaterThanOrEqual(4);
    for (const chart of charts) expect(chart).toMatchObject({ role: "img", title: "title", desc: expect.stringContaining("chart") });
    expect(charts[1]!.desc).toContain("week 1 mean 5.9 (n 16)");
  });

  it("says outright that the outcomes are no evidence the program works", async () => {
    await expect(page.getByRole("complementary", { name: "How to read the outcomes" }).textContent()).resolves.toContain(
      "not evidence that the program works",
    );
  });

  it("counts only the signups in a date range given on the command line, saying how far the scan got", async () => {
    const out = join(stack.config.dataDir, "april.html");
    const args = ["--from", "2025-04-01", "--page-size", "2", "--out", out];
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
    await demo.setViewportSize({ width: 375, height: 800 });
    await demo.goto(pathToFileURL(out).href);
    expect(await demo.locator("figure.chart svg[role=img]").count()).toBe(5); // reach, pain, change, check-ins, deliverability
    expect(await seriousViolations(demo)).toEqual([]);
    expect(await horizontalOverflow(demo)).toBe(0);
    await demo.close();
  });

  it("is accessible and reads at 375 px and 1280 px (screenshots in .test-output/screenshots)", async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "report");
  });
});
