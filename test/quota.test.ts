import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { runPass } from "../functions/domain/sending/pass";
import { useCaptureStack } from "./support/capture-stack";
import { confirmedSubscriber } from "./support/people";

const rig = useCaptureStack();

describe("the SES sending quota", () => {
  it("stops a pass at the operator's share of the 24-hour quota and leaves the rest due", async () => {
    const people = Array.from({ length: 6 }, (_, i) => `quota${i}@example.com`);
    for (const email of people) await confirmedSubscriber(rig.stack, email);
    const at = Date.now() + 1000;

    // 80% of 100 is 80; 83 went out today, 6 of them the confirmations above: 77 program emails, room for 3
    rig.capture.options.quota = { max24HourSend: 100, sentLast24Hours: 83, maxSendRate: 14 };
    const first = await runPass(getContext(), { now: new Date(at) });
    expect(getContext().settings.quotaShare).toBe(0.8);
    expect(first).toMatchObject({ due: 6, sent: 3, deferred: 3 });
    const stillDue = (await rig.stack.subscribers()).filter((s) => people.includes(s.email) && s.week === 1);
    expect(stillDue).toHaveLength(3);
    expect(stillDue.every((s) => s.dueAt !== undefined && s.dueAt <= at)).toBe(true);

    rig.capture.options.quota = { max24HourSend: 100, sentLast24Hours: 0, maxSendRate: 14 };
    const next = await runPass(getContext(), { now: new Date(at + 15 * 60_000) });
    expect(next).toMatchObject({ due: 3, sent: 3, deferred: 0 });
    for (const email of people) expect(rig.capture.to(email).filter((m) => !/Subject: Please confirm/.test(m.raw))).toHaveLength(1);
  });

  it("keeps the program's share however many confirmations went out: they have their own budget", async () => {
    const people = Array.from({ length: 4 }, (_, i) => `flooded${i}@example.com`);
    for (const email of people) await confirmedSubscriber(rig.stack, email);
    // the 10 confirmations of today (6 above, 4 here) don't count against the program's 80 of 100
    rig.capture.options.quota = { max24HourSend: 100, sentLast24Hours: 86, maxSendRate: 14 };
    // well past the first test's passes: passes planned in one 15-minute interval share one budget
    const pass = await runPass(getContext(), { now: new Date(Date.now() + 45 * 60_000) });
    expect(pass).toMatchObject({ due: 4, sent: 4, deferred: 0 });
  });

  it("paces to the account's max send rate when it is lower than the configured one", async () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      rig.capture.options.quota = { max24HourSend: -1, sentLast24Hours: 0, maxSendRate: 2 };
      await runPass(getContext(), { now: new Date() });
      rig.capture.options.quota = { max24HourSend: -1, sentLast24Hours: 0, maxSendRate: 1000 };
      await runPass(getContext(), { now: new Date() });
    } finally {
      console.log = original;
    }
    const rates = lines.map((l) => JSON.parse(l)).filter((l) => l.event === "sender_pass").map((l) => l.rate);
    expect(rates).toEqual([2, getContext().settings.maxSendRate]);
  });
});
