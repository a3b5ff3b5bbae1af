import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import type { Context } from "../functions/domain/context";
import { runPass } from "../functions/domain/sending/pass";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * A subscriber acts (pause, unsubscribe) while the sender is sending them that week's email:
 * the email reached SES, then the state changed, then the pass commits. The sent record must
 * survive, the week must never go out twice, and nothing the subscriber asked for is undone.
 * The mailer is the real one (the SES emulator); it only runs the subscriber's request, over
 * real HTTP, at the one moment a test can't otherwise hit.
 */

const stack = useTestStack();

const DAY = 86_400_000;
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));

/** The real context, whose mailer runs `during` right after SES accepted the email to `email`. */
function sendingThen(email: string, during: () => Promise<void>): Context {
  const ctx = getContext();
  return {
    ...ctx,
    mailer: {
      ...ctx.mailer,
      async send(message) {
        const id = await ctx.mailer.send(message);
        if (message.to === email) await during();
        return id;
      },
    },
  };
}

/** Confirmed, week 1 sent, week 2 due; returns week 1 and when week 2 is due. */
async function inWeekOne(email: string) {
  await confirmedSubscriber(stack, email);
  await runPass(getContext(), { now: new Date() });
  const [week1] = await programMail(email);
  return { week1: week1!, week2Due: (await stack.subscriber(email))!.dueAt! };
}

/** Every sender pass a day apart from `from` for `days` days. */
async function passesFor(from: number, days: number) {
  for (let day = 0; day <= days; day++) await runPass(getContext(), { now: new Date(from + day * DAY) });
}

describe("pausing while that week's email is being sent", () => {
  it("keeps the record of the email, holds the next week until the pause ends, and never sends a week twice", async () => {
    const email = "pause-in-flight@example.com";
    const { week1, week2Due } = await inWeekOne(email);
    const pause = linkIn(week1, "/pause");

    const summary = await runPass(
      sendingThen(email, async () => {
        expect((await postForm(pause, { action: "pause", weeks: "2" })).status).toBe(200);
      }),
      { now: new Date(week2Due) },
    );
    expect(summary.sent).toBe(1);

    const paused = await stack.subscriber(email);
    expect(paused).toMatchObject({ status: "paused", week: 3 });
    expect(paused?.sent?.map((s) => s.week)).toEqual([1, 2]);
    expect(paused?.leaseId).toBeUndefined();
    expect(paused!.dueAt!).toBeGreaterThanOrEqual(Date.now() + 14 * DAY - 60_000);

    await passesFor(week2Due, 10);
    const mail = await programMail(email);
    expect(mail.map((m) => m.subject)).toEqual([...new Set(mail.map((m) => m.subject))]);
    const after = await stack.subscriber(email);
    expect(after?.sent?.map((s) => s.week)).toEqual([1, 2, 3]);
    expect(after?.sent?.map((s) => s.template)).toEqual(after?.program?.slice(0, 3));
  });
});

describe("unsubscribing while that week's email is being sent", () => {
  it("keeps the record of the email and schedules nothing more", async () => {
    const email = "unsubscribe-in-flight@example.com";
    const { week1, week2Due } = await inWeekOne(email);
    const unsubscribe = linkIn(week1, "/unsubscribe");

    await runPass(
      sendingThen(email, async () => {
        expect((await fetch(unsubscribe, { method: "POST" })).status).toBe(200);
      }),
      { now: new Date(week2Due) },
    );

    const left = await stack.subscriber(email);
    expect(left).toMatchObject({ status: "unsubscribed", week: 3 });
    expect(left?.sent?.map((s) => s.week)).toEqual([1, 2]);
    expect(left?.dueAt).toBeUndefined();

    await passesFor(week2Due, 60);
    expect(await programMail(email)).toHaveLength(2);
  });
});

describe("pausing and resuming at once while that week's email is being sent", () => {
  it("carries on from the email that went out, a week later, and sends it only once", async () => {
    const email = "resume-in-flight@example.com";
    const { week1, week2Due } = await inWeekOne(email);
    const pause = linkIn(week1, "/pause");

    await runPass(
      sendingThen(email, async () => {
        await postForm(pause, { action: "pause", weeks: "2" });
        expect((await postForm(pause, { action: "resume" })).status).toBe(200);
      }),
      { now: new Date(week2Due) },
    );
    const after = await stack.subscriber(email);
    expect(after).toMatchObject({ status: "active", week: 3 });
    expect(after?.sent?.map((s) => s.week)).toEqual([1, 2]);
    expect(after!.dueAt! - week2Due).toBeGreaterThanOrEqual(6.5 * DAY);

    await passesFor(week2Due, 6);
    expect(await programMail(email)).toHaveLength(2);
  });
});
