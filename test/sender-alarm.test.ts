import { afterEach, describe, expect, it } from "vitest";
import { setLogSink } from "../functions/domain/log";
import { runPass } from "../functions/domain/sending/pass";
import { OVERDUE_PLAN_PATTERN } from "../infra/aws/alarm-patterns";
import { dueSubscribers } from "./support/seed";
import { useMemoryStack } from "./support/use-stack";

const stack = useMemoryStack();
afterEach(() => setLogSink());

/** CloudWatch's regex filter (between the % signs) applied to the line the planner really logs. */
const matchesAlarmFilter = (line: string) => new RegExp(OVERDUE_PLAN_PATTERN.slice(1, -1)).test(line);

const PASS = 15 * 60_000;
let people = 0;

/** `count` subscribers whose week 1 is due at `at`. */
async function dueAt(at: number, count: number) {
  await stack.put(dueSubscribers(stack.context.key, `alarm${people++}`, count, at + 60_000).map((s) => ({ ...s, dueAt: at })));
}

/** One pass at `at`; the planner's log line. */
async function planLine(at: number) {
  const lines: string[] = [];
  setLogSink((line) => void lines.push(line));
  await runPass(stack.context, { now: new Date(at), maxRate: 1000 });
  setLogSink();
  return lines.find((line) => line.includes('"event":"sender_plan"'))!;
}

describe("the alarm on a backlog that outlives a whole pass", () => {
  it("stays quiet through a morning peak the pass sends, however big", async () => {
    const at = Date.now() + 86_400_000;
    await dueAt(at, 60);
    const peak = await planLine(at);
    expect(JSON.parse(peak)).toMatchObject({ due: 60, overdue: 0 });
    expect(matchesAlarmFilter(peak)).toBe(false);
    const after = await planLine(at + PASS);
    expect(JSON.parse(after)).toMatchObject({ due: 0, overdue: 0 });
    expect(matchesAlarmFilter(after)).toBe(false);
  });

  it("counts a pass that finds emails due since before the previous pass was planned", async () => {
    const at = Date.now() + 3 * 86_400_000; // before the first test's 60 are due again
    await dueAt(at, 6);
    // the program's share of the quota leaves room for 2 in the first pass: 4 outlive it
    stack.mail.options.quota = { max24HourSend: 100, sentLast24Hours: 78, maxSendRate: 14 };
    const first = await planLine(at);
    expect(matchesAlarmFilter(first)).toBe(false);
    stack.mail.options.quota = { max24HourSend: 100, sentLast24Hours: 80, maxSendRate: 14 };
    const next = await planLine(at + PASS);
    expect(JSON.parse(next)).toMatchObject({ due: 4, overdue: 4 });
    expect(matchesAlarmFilter(next)).toBe(true);
    stack.mail.options.quota = undefined;
  });
});
