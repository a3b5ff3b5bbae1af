import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "../functions/core/context";
import { statsOf, subscriberPages, type Stats } from "../functions/core/stats";
import type { Checkin, Status, Subscriber } from "../functions/core/subscriber";
import { startTestStack, type TestStack } from "./support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  for (const item of seed) expect(await getContext().store.create(item, [])).toBe(true);
});
afterAll(() => stack.stop());

const at = "2025-03-03T08:00:00.000Z";
let n = 0;
/** A subscriber item as the table holds it: sent weeks (a repeat allowed) and check-in scores. */
function item(status: Status, { confirmed = true, sent = [] as number[], scores = {} as Record<number, number> } = {}): Subscriber {
  n++;
  const checkins = Object.fromEntries(Object.entries(scores).map(([week, score]): [string, Checkin] => [week, { score, at }]));
  return {
    pk: `seeded-${n}`,
    email: `seeded-${n}@example.com`,
    status,
    answers: [],
    flags: [],
    tz: "UTC",
    consentAt: at,
    createdAt: at,
    updatedAt: at,
    ...(confirmed ? { confirmedAt: at, checkins } : {}),
    sent: sent.map((week) => ({ week, template: "cycle", at, messageId: `m-${n}-${week}` })),
  };
}

const seed: Subscriber[] = [
  item("pending", { confirmed: false }),
  item("pending", { confirmed: false }),
  item("pending", { confirmed: false }),
  item("active", { sent: [1, 2], scores: { 1: 7, 2: 5 } }),
  item("completed", { sent: [1, 2, 3, 4, 5, 6, 7, 8, 9], scores: { 1: 6, 2: 6, 8: 2 } }),
  item("unsubscribed", { sent: [1], scores: { 1: 4 } }),
  item("bounced", { sent: [1, 2] }),
  item("complained", { sent: [1, 1] }), // the one duplicate window: sent twice, one recipient
  item("paused", { sent: [1, 2, 3], scores: { 2: 3 } }),
  item("active"), // confirmed a moment ago, week 1 not sent yet
  item("bounced", { confirmed: false }), // the confirmation email bounced
];

/** Worked out by hand from the seed above. */
const expected: Stats = {
  subscribers: 11,
  byStatus: { pending: 3, active: 2, paused: 1, completed: 1, unsubscribed: 1, bounced: 2, complained: 1 },
  confirmed: { count: 7, rate: 7 / 11 },
  unsubscribed: { count: 1, rate: 1 / 7 },
  bounced: { count: 2, rate: 2 / 7 },
  complained: { count: 1, rate: 1 / 7 },
  weeks: [
    { week: 1, sent: 7, recipients: 6, checkins: 3, responseRate: 3 / 6, meanScore: 17 / 3 },
    { week: 2, sent: 4, recipients: 4, checkins: 3, responseRate: 3 / 4, meanScore: 14 / 3 },
    { week: 3, sent: 2, recipients: 2, checkins: 0, responseRate: 0, meanScore: null },
    ...[4, 5, 6, 7].map((week) => ({ week, sent: 1, recipients: 1, checkins: 0, responseRate: 0, meanScore: null })),
    { week: 8, sent: 1, recipients: 1, checkins: 1, responseRate: 1, meanScore: 2 },
    { week: 9, sent: 1, recipients: 1, checkins: 0, responseRate: 0, meanScore: null },
  ],
};

/** `npm run stats` as an operator runs it; `env` decides local stack or "deployed" resources. */
async function stats(args: string[], env: NodeJS.ProcessEnv) {
  return promisify(execFile)("npx", ["tsx", "infra/local/stats.ts", ...args], { env });
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
    const store = getContext().store;
    expect(await statsOf(subscriberPages(store))).toEqual(expected);
    expect(await statsOf(subscriberPages(store, 2))).toEqual(expected);
  });

  it("npm run stats -- --json prints only JSON, with the same numbers, and says how far a long scan got", async () => {
    const { stdout, stderr } = await stats(["--json", "--page-size", "1"], localShell());
    expect(JSON.parse(stdout)).toEqual(expected);
    expect(stderr).toContain("scanned 10 subscribers (10 pages)…");
  });

  it("npm run stats prints a readable table, using the resources already in the environment", async () => {
    const { stdout } = await stats([], process.env); // as under `sst shell`: this test's stack
    expect(stdout).toContain("unknot stats for unknot-local-subscribers");
    expect(stdout).toMatch(/^ {2}pending +3$/m);
    expect(stdout).toMatch(/^ {2}bounced +2$/m);
    expect(stdout).toMatch(/^ {2}total +11$/m);
    expect(stdout).toMatch(/^Confirmed +7 +63\.6% of signed up$/m);
    expect(stdout).toMatch(/^Unsubscribed +1 +14\.3% of confirmed$/m);
    expect(stdout).toMatch(/^Bounced +2 +28\.6% of confirmed$/m);
    expect(stdout).toMatch(/^Complained +1 +14\.3% of confirmed$/m);
    expect(stdout).toMatch(/^Week +Sent +Check-ins +Response +Mean score$/m);
    expect(stdout).toMatch(/^1 +7 +3 +50\.0% +5\.7$/m);
    expect(stdout).toMatch(/^2 +4 +3 +75\.0% +4\.7$/m);
    expect(stdout).toMatch(/^3 +2 +0 +0\.0% +–$/m);
    expect(stdout).toMatch(/^8 +1 +1 +100\.0% +2\.0$/m);
  });
});
