import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "../functions/core/context";
import { PENDING_DAYS, sweepExpired } from "../functions/core/retention";
import { runPass } from "../functions/core/sender";
import { LOCAL_TABLE } from "../infra/local/env";
import { startScheduler } from "../infra/local/scheduler";
import { confirmedSubscriber } from "./support/people";
import { postForm, startTestStack, type TestStack } from "./support/stack";

/**
 * Retention against the real local stack: the `expiresAt` each transition sets (DynamoDB's TTL
 * reads it in AWS) and the sweep that applies the same rule locally, where dynalite expires nothing.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const DAY = 86_400_000;
const MONTH = 30.5 * DAY;
const seconds = (ms: number) => Math.floor(ms / 1000);
const signUp = (email: string) =>
  postForm(`${stack.url}/subscribe`, { email, answers: ["sleep"], flags: [], tz: "Europe/Berlin", consent: "yes", website: "" });
const sweep = (at: number) => sweepExpired(getContext(), new Date(at));
const held = async (email: string) => (await stack.subscriber(email)) !== undefined;

/** Unsubscribed right after week 1; returns when week 1 went out. */
async function leftAfterWeekOne(email: string): Promise<number> {
  await confirmedSubscriber(stack, email);
  await runPass(getContext(), { now: new Date() });
  const sentAt = Date.parse((await stack.subscriber(email))!.sent![0]!.at);
  await fetch((await stack.links(email)).unsubscribe(), { method: "POST" });
  return sentAt;
}

describe("a signup nobody confirms", () => {
  it(`expires ${PENDING_DAYS} days after it was made, and not before; confirming stops the clock`, async () => {
    const now = Date.now();
    await signUp("never-confirms@example.com");
    await signUp("confirms-later@example.com");
    const pending = await stack.subscriber("never-confirms@example.com");
    expect(pending?.expiresAt).toBeGreaterThanOrEqual(seconds(now + PENDING_DAYS * DAY) - 1);
    expect(pending?.expiresAt).toBeLessThanOrEqual(seconds(Date.now() + PENDING_DAYS * DAY));

    const nonce = (await stack.subscriber("confirms-later@example.com"))?.signupNonce;
    await fetch((await stack.links("confirms-later@example.com")).confirm(nonce), { method: "POST" });
    expect((await stack.subscriber("confirms-later@example.com"))?.expiresAt).toBeUndefined();

    await sweep(now + (PENDING_DAYS - 1) * DAY);
    expect(await held("never-confirms@example.com")).toBe(true);
    await sweep(now + (PENDING_DAYS + 1) * DAY);
    expect(await held("never-confirms@example.com")).toBe(false);
    expect(await held("confirms-later@example.com")).toBe(true);
  });
});

describe("a finished subscriber", () => {
  it("is deleted retentionMonths after the last email; suppression and the limits' counters survive", async () => {
    const months = getContext().settings.retentionMonths;
    expect(months).toBe(12);
    const leftAt = await leftAfterWeekOne("left@example.com");
    const left = await stack.subscriber("left@example.com");
    expect(left?.status).toBe("unsubscribed");
    const expected = new Date(leftAt);
    expected.setUTCMonth(expected.getUTCMonth() + months);
    expect(left?.expiresAt).toBe(seconds(expected.getTime()));

    // a suppressed item that still carries an expiry (the handler clears it, see below): the sweep keeps it anyway
    await leftAfterWeekOne("left-then-bounced@example.com");
    const bounced = await stack.subscriber("left-then-bounced@example.com");
    await getContext().store.update(bounced!.pk, { set: { status: "bounced" } }, {});
    // and a counter item of the signup limits: no status, not ours
    await new DynamoDBClient({}).send(
      new PutItemCommand({ TableName: LOCAL_TABLE, Item: { pk: { S: "limit#ip#test" }, expiresAt: { N: "1" } } }),
    );
    await confirmedSubscriber(stack, "still-active@example.com");

    await sweep(leftAt + (months - 1) * MONTH);
    expect(await held("left@example.com")).toBe(true);
    await sweep(leftAt + (months + 1) * MONTH);
    expect(await held("left@example.com")).toBe(false);
    expect((await stack.subscriber("left-then-bounced@example.com"))?.status).toBe("bounced");
    expect(await held("still-active@example.com")).toBe(true);
    expect((await stack.items()).some((item) => item.pk === "limit#ip#test")).toBe(true);
  });

  it("who completed the program has the clock started by the last email", async () => {
    const email = "completes@example.com";
    await confirmedSubscriber(stack, email);
    let at = Date.now();
    for (let week = 0; week < 12; week++) {
      await runPass(getContext(), { now: new Date(at) });
      const s = await stack.subscriber(email);
      if (!s?.dueAt) break;
      at = s.dueAt;
    }
    const done = await stack.subscriber(email);
    expect(done?.status).toBe("completed");
    const last = new Date(done!.sent!.at(-1)!.at);
    last.setUTCMonth(last.getUTCMonth() + 12);
    expect(done?.expiresAt).toBe(seconds(last.getTime()));
  });

  it("who bounces loses the expiry, through the real SES event handler", async () => {
    const email = "bounces-after-leaving@example.com";
    await leftAfterWeekOne(email);
    expect((await stack.subscriber(email))?.expiresAt).toBeDefined();
    const { handler } = await import("../functions/ses-events");
    const bounce = {
      eventType: "Bounce",
      mail: { messageId: "m-1", timestamp: new Date().toISOString() },
      bounce: { bounceType: "Permanent", bounceSubType: "General", bouncedRecipients: [{ emailAddress: email }], timestamp: new Date().toISOString() },
    };
    await handler({ Records: [{ EventSource: "aws:sns", Sns: { Type: "Notification", Message: JSON.stringify(bounce) } }] });
    const suppressed = await stack.subscriber(email);
    expect(suppressed?.status).toBe("bounced");
    expect(suppressed?.expiresAt).toBeUndefined();
    await sweep(Date.now() + 100 * 12 * MONTH);
    expect((await stack.subscriber(email))?.status).toBe("bounced");
  });
});

describe("the local scheduler", () => {
  it("sweeps on start, as npm start runs it", async () => {
    const email = "expired-before-start@example.com";
    await signUp(email);
    const item = (await stack.subscriber(email))!;
    await getContext().store.update(item.pk, { set: { expiresAt: seconds(Date.now()) - 60 } }, {});
    const scheduler = await startScheduler();
    scheduler.stop();
    expect(await held(email)).toBe(false);
  });
});
