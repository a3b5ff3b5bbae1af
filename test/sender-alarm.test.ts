import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { runPass } from "../functions/domain/sending/pass";
import { DEFERRED_PASS_PATTERN } from "../infra/aws/alarm-patterns";
import { useCaptureStack } from "./support/capture-stack";
import { confirmedSubscriber } from "./support/people";

const rig = useCaptureStack();

/** CloudWatch's regex filter (between the % signs) applied to the line the sender really logs. */
const matchesAlarmFilter = (line: string) => new RegExp(DEFERRED_PASS_PATTERN.slice(1, -1)).test(line);

async function passLog(quota: { max24HourSend: number; sentLast24Hours: number }, at: number) {
  const lines: string[] = [];
  const original = console.log;
  console.log = (line: string) => void lines.push(line);
  try {
    rig.capture.options.quota = { ...quota, maxSendRate: 14 };
    await runPass(getContext(), { now: new Date(at) });
  } finally {
    console.log = original;
  }
  return lines.find((line) => line.includes('"event":"sender_pass"'))!;
}

describe("the alarm on sender passes that defer work", () => {
  it("counts a pass that left due emails for later, and not one that sent everything", async () => {
    for (const email of ["defer1@example.com", "defer2@example.com", "defer3@example.com"]) await confirmedSubscriber(rig.stack, email);
    const at = Date.now() + 1000;

    // 80 % of 100 is the program's share; SES counts 82 sent today, 3 of them the confirmations
    // (signup emails don't use the program's share): 79 program emails leave room for 1 of the 3
    const deferring = await passLog({ max24HourSend: 100, sentLast24Hours: 82 }, at);
    expect(JSON.parse(deferring)).toMatchObject({ sent: 1, deferred: 2 });
    expect(matchesAlarmFilter(deferring)).toBe(true);

    const clean = await passLog({ max24HourSend: 100, sentLast24Hours: 0 }, at + 15 * 60_000);
    expect(JSON.parse(clean)).toMatchObject({ sent: 2, deferred: 0 });
    expect(matchesAlarmFilter(clean)).toBe(false);
  });
});
