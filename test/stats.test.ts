import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { getStorageContext } from "../functions/runtime/context";
import { answerIds } from "../functions/domain/subscriber/self-check";
import { alertKinds } from "../functions/domain/checkin/safety";
import { tQuantile975 } from "../infra/ops/stats/statistics";
import { statsOf, subscriberPages, type Stats } from "../infra/ops/stats/figures";
import { responders, type Responder } from "../infra/ops/stats/outcomes";
import type { Proportion } from "../infra/ops/stats/statistics";
import { SUPPRESSED_PREFIX } from "../functions/adapters/dynamo/table-schema";
import type { Status } from "../functions/domain/subscriber/states";
import { suppressionRecord } from "../functions/domain/subscriber/lifecycle";
import type { Subscriber } from "../functions/domain/subscriber/subscriber";
import { LOCAL_TABLE } from "../infra/dev/env";
import { putAll } from "./support/seed";
import { startTestStack, type TestStack } from "./support/stack";
import { statsItem, type Shape } from "./support/stats-items";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  await putAll(new DynamoDBClient({}), LOCAL_TABLE, [...seed, suppressionOnly, rateLimitCounter, ...suppressionMarkers]);
});
afterAll(() => stack.stop());

const at = "2025-03-03T08:00:00.000Z";
let n = 0;
const item = (status: Status, shape?: Shape) => {
  n++;
  return statsItem({ pk: `seeded-${n}`, email: `seeded-${n}@example.com` }, status, shape);
};

const february = "2025-02-10T12:00:00.000Z";
const seed: Subscriber[] = [
  item("pending", { confirmed: false, createdAt: february, flags: ["night"] }),
  item("pending", { confirmed: false, createdAt: february }),
  item("pending", { confirmed: false }),
  item("active", { sent: [1, 2], scores: { 1: 7, 2: 5 }, answers: ["sleep"], flags: ["bladder"] }),
  item("completed", { sent: [1, 2, 3, 4, 5, 6, 7, 8, 9], scores: { 1: 6, 2: 6, 8: 2 }, answers: ["sleep", "mood"], flags: ["night", "saddle"] }),
  item("unsubscribed", { sent: [1], scores: { 1: 4 } }),
  item("bounced", { sent: [1, 2] }),
  item("complained", { sent: [1, 1] }), // the one duplicate window: sent twice, one recipient
  item("paused", { sent: [1, 2, 3], scores: { 2: 3 }, answers: ["mood"] }), // one check-in: no change to measure
  item("active"), // confirmed a moment ago, week 1 not sent yet
  item("bounced", { confirmed: false }), // the confirmation email bounced
];
/** What stays of an address that bounced after its data was deleted: not a signup. */
const suppressionOnly = suppressionRecord("suppressed-1", "bounced", at, "Permanent/General", at);
/** The signup rate limit's counter items share the table and have no status. */
const rateLimitCounter = { pk: "limit#ip#abc#2025030308", count: 3, expiresAt: 1_741_000_000 };

/** The suppression markers beside the bounced and complained items (and the suppression record): no status, not signups. */
const suppressionMarkers = [
  ...seed.filter((s) => s.status === "bounced" || s.status === "complained").map((s) => ({ pk: `${SUPPRESSED_PREFIX}${s.pk}`, suppressed: s.status })),
  { pk: `${SUPPRESSED_PREFIX}${suppressionOnly.pk}`, suppressed: "bounced" },
];

/** Both weeks 1 and 2 have three scores with squared deviations adding up to 14/3: s² = 7/3, s/√n = √7 / 3. */
const half = tQuantile975(2) * (Math.sqrt(7) / 3);
const quiet = { checkins: 0, responseRate: 0, meanScore: null, medianScore: null, meanLow: null, meanHigh: null };

/** Nobody in the seed answered the outcome questions: every share is 0 of n, its Wilson interval 0 to z²/(n + z²). */
const z2 = 1.959964 ** 2;
const noneOf = (n: number): Proportion => (n ? { count: 0, n, rate: 0, low: 0, high: z2 / (n + z2) } : { count: 0, n: 0, rate: null, low: null, high: null });
const all = (n: number) => Object.fromEntries(responders.map((r) => [r, noneOf(n)])) as Record<Responder, Proportion>;
const noChange = { n: 0, mean: null, low: null, high: null };
const nobodyAnswered = (eligible: number) => ({
  eligible,
  answered: 0,
  itt: all(eligible),
  completers: all(0),
  painChange: noChange,
  pegChange: noChange,
  impression: { muchBetter: 0, better: 0, same: 0, worse: 0, muchWorse: 0 },
});
const group = (itt: number) => ({ itt: noneOf(itt), completers: noneOf(0) });

/** Worked out by hand from the seed above. */
const expected: Stats = {
  subscribers: 11,
  byStatus: { pending: 3, active: 2, paused: 1, completed: 1, followUp: 0, unsubscribed: 1, bounced: 2, complained: 1 },
  suppressionOnly: 1,
  confirmed: { count: 7, rate: 7 / 11 },
  // the one who got week 9; the two active ones and the paused one are still in the program
  completed: { count: 1, rate: 1 / 7 },
  completedOnHold: 0,
  inProgram: 3,
  // among the 7 who confirmed: the unconfirmed bounce and the suppression record are not in these
  unsubscribed: { count: 1, rate: 1 / 7 },
  bounced: { count: 1, rate: 1 / 7 },
  complained: { count: 1, rate: 1 / 7 },
  beforeConfirming: { bounced: 1, complained: 0 },
  leaving: [
    { afterWeek: 1, unsubscribed: 1, bounced: 0, complained: 1 },
    { afterWeek: 2, unsubscribed: 0, bounced: 1, complained: 0 },
  ],
  weeks: [
    { week: 1, sent: 7, recipients: 6, finished: 0, checkins: 3, responseRate: 3 / 6, meanScore: 17 / 3, medianScore: 6, meanLow: 17 / 3 - half, meanHigh: 17 / 3 + half },
    { week: 2, sent: 4, recipients: 4, finished: 0, checkins: 3, responseRate: 3 / 4, meanScore: 14 / 3, medianScore: 5, meanLow: 14 / 3 - half, meanHigh: 14 / 3 + half },
    { week: 3, sent: 2, recipients: 2, finished: 0, ...quiet },
    ...[4, 5, 6, 7].map((week) => ({ week, sent: 1, recipients: 1, finished: 0, ...quiet })),
    { week: 8, sent: 1, recipients: 1, finished: 0, checkins: 1, responseRate: 1, meanScore: 2, medianScore: 2, meanLow: null, meanHigh: null },
    { week: 9, sent: 1, recipients: 1, finished: 1, ...quiet },
  ],
  // the programs that are over: the completed one, the unsubscribed, the bounced and the complained
  outcomes: {
    stillInProgram: 3,
    baseline: { pain: 0, peg: 0 },
    end: nobodyAnswered(4),
    followUp: { ...nobodyAnswered(4), askedFor: 0, sent: 0, pending: 0 },
    // the completed one ticked an urgent sign and a soon one: urgent; the three who left ticked none
    byTier: { urgent: group(1), soon: group(0), none: group(3) },
    byAnswer: answerIds.map((answer) => ({ answer, ...group(answer === "sleep" || answer === "mood" ? 1 : 0) })),
  },
  redFlags: { urgent: 2, soon: 1, none: 8 },
  // no score of 8 or more, no rise of 3 or more, no sign reported at a check-in (test/safety-events.test.ts counts some)
  safetyEvents: Object.fromEntries(alertKinds.map((kind) => [kind, { checkins: 0, subscribers: 0 }])) as Stats["safetyEvents"],
  cohorts: [
    { month: "2025-02", signedUp: 2, confirmed: 0, receivedWeek1: 0, completed: 0, left: 0 },
    { month: "2025-03", signedUp: 9, confirmed: 7, receivedWeek1: 6, completed: 1, left: 3 },
  ],
  // 19 program emails + one confirmation for each of the 11 signups
  deliverability: { emailsSent: 30, bounced: { count: 2, rate: 2 / 30 }, complained: { count: 1, rate: 1 / 30 } },
};

/** Figures compared to 10 decimal places: the hand-worked intervals add up in another order. */
const rounded = (stats: Stats) =>
  JSON.parse(JSON.stringify(stats, (_, value: unknown) => (typeof value === "number" ? Number(value.toFixed(10)) : value)));

/** `npm run stats` as an operator runs it; `env` decides local stack or "deployed" resources. */
async function stats(args: string[], env: NodeJS.ProcessEnv) {
  return promisify(execFile)("npx", ["tsx", "infra/ops/stats.ts", ...args], { env });
}

/** What an operator's shell holds before `npm run stats`: only where the local stack listens. */
function localShell(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("SST_") && !key.startsWith("AWS_ENDPOINT_URL")),
  );
  return {
    ...env,
    PORT: String(stack.config.port),
    DYNAMODB_PORT: String(stack.config.dynamoPort),
    SES_PORT: String(stack.config.sesPort),
    DATA_DIR: stack.config.dataDir,
  };
}

describe("operator stats", () => {
  it("match the hand-computed numbers, however the table is paged", async () => {
    const store = getStorageContext().store;
    expect(rounded(await statsOf(subscriberPages(store)))).toEqual(rounded(expected));
    expect(rounded(await statsOf(subscriberPages(store, 2)))).toEqual(rounded(expected));
  });

  it("count only the signups in a date range", async () => {
    const store = getStorageContext().store;
    const february = await statsOf(subscriberPages(store), { to: "2025-02-28" });
    expect(february).toMatchObject({ subscribers: 2, confirmed: { count: 0, rate: 0 }, weeks: [] });
    expect(february.cohorts.map((c) => c.month)).toEqual(["2025-02"]);
    const march = await statsOf(subscriberPages(store), { from: "2025-03-01", to: "2025-03-31" });
    expect(march).toMatchObject({ subscribers: 9, confirmed: { count: 7 }, redFlags: { urgent: 2, soon: 0, none: 7 } });
  });

  it("npm run stats -- --json prints only JSON, with the same numbers, and says how far a long scan got", async () => {
    const { stdout, stderr } = await stats(["--json", "--page-size", "1"], localShell());
    expect(rounded(JSON.parse(stdout))).toEqual(rounded(expected));
    // pages of one item read: the markers and the counter are read too, but are no subscribers
    expect(stderr).toMatch(/scanned \d+ items \(10 pages\)…/);
  });

  it("npm run stats -- --cohort counts one signup month; dates that aren't dates are refused", async () => {
    const { stdout } = await stats(["--json", "--cohort", "2025-02"], localShell());
    expect(JSON.parse(stdout)).toMatchObject({ subscribers: 2, byStatus: { pending: 2 } });
    const refused = await stats(["--from", "2025-13-01"], localShell()).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2, stdout: "", stderr: "--from and --to take a date: YYYY-MM-DD\n" });
  });

  it("npm run stats prints a readable table, using the resources already in the environment", async () => {
    const { stdout } = await stats([], process.env); // as under `sst shell`: this test's stack
    expect(stdout).toContain("unknot stats for unknot-local-subscribers");
    expect(stdout).toMatch(/^ {2}pending +3$/m);
    expect(stdout).toMatch(/^ {2}bounced +2$/m);
    expect(stdout).toMatch(/^ {2}total +11$/m);
    expect(stdout).toMatch(/^Confirmed +7 +63\.6% of signed up$/m);
    expect(stdout).toMatch(/^Unsubscribed +1 +14\.3% of confirmed$/m);
    expect(stdout).toMatch(/^Suppression only +1 /m);
    expect(stdout).toMatch(/^Bounced +1 +14\.3% of confirmed$/m);
    expect(stdout).toMatch(/^Before confirming: 1 bounced, 0 complained/m);
    expect(stdout).toMatch(/^Complained +1 +14\.3% of confirmed$/m);
    expect(stdout).toMatch(/^Week +Sent +Check-ins +Response +Mean score$/m);
    expect(stdout).toMatch(/^1 +7 +3 +50\.0% +5\.7$/m);
    expect(stdout).toMatch(/^2 +4 +3 +75\.0% +4\.7$/m);
    expect(stdout).toMatch(/^3 +2 +0 +0\.0% +–$/m);
    expect(stdout).toMatch(/^8 +1 +1 +100\.0% +2\.0$/m);
  });
});
