import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { PENDING_DAYS, sweepExpired } from "../functions/domain/program/retention";
import { runPass } from "../functions/domain/sending/pass";
import { subscriberIdFor } from "../functions/domain/links/tokens";
import { LOCAL_TABLE } from "../infra/dev/env";
import { startScheduler } from "../infra/dev/scheduler";
import { confirmedSubscriber } from "./support/people";
import { postForm } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * Retention against the real local stack: the `expiresAt` each transition sets (DynamoDB's TTL
 * reads it in AWS) and the sweep that applies the same rule locally, where dynalite expires nothing.
 */

const stack = useTestStack();

const DAY = 86_400_000;
const MONTH = 30.5 * DAY;
const seconds = (ms: number) => Math.floor(ms / 1000);
const signUp = (email: string) =>
  postForm(`${stack.url}/subscribe`, { email, answers: ["sleep"], flags: [], tz: "Europe/Berlin", consent: "yes", website: "" });
const sweep = (at: number) => sweepExpired(getContext(), new Date(at));
const held = async (email: string) => (await stack.subscriber(email)) !== undefined;

function monthsAfter(at: number, months: number): number {
  const date = new Date(at);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

/** A hard bounce or a complaint for `email`, through the deployed SES events entry point. */
async function deliverEvent(status: "bounced" | "complained", email: string) {
  const { handler } = await import("../functions/handlers/ses-events");
  const at = new Date().toISOString();
  const mail = { messageId: `m-${status}-${email}`, timestamp: at };
  const event =
    status === "bounced"
      ? { eventType: "Bounce", mail, bounce: { bounceType: "Permanent", bounceSubType: "General", bouncedRecipients: [{ emailAddress: email }], timestamp: at } }
      : { eventType: "Complaint", mail, complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: "abuse", timestamp: at } };
  const [result] = await handler({ Records: [{ EventSource: "aws:sns", Sns: { Type: "Notification", Message: JSON.stringify(event) } }] });
  expect(result).toMatchObject({ outcome: "suppressed", status });
}

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
  it("is deleted retentionMonths after the last email; suppression markers and the limits' counters survive", async () => {
    const months = getContext().settings.retentionMonths;
    expect(months).toBe(12);
    const leftAt = await leftAfterWeekOne("left@example.com");
    const left = await stack.subscriber("left@example.com");
    expect(left?.status).toBe("unsubscribed");
    expect(left?.expiresAt).toBe(seconds(monthsAfter(leftAt, months)));

    // a suppression marker and a counter item of the signup limits: no status, not ours
    await getContext().store.markSuppressed("some-suppressed-id", "complained");
    await new DynamoDBClient({}).send(
      new PutItemCommand({ TableName: LOCAL_TABLE, Item: { pk: { S: "limit#ip#test" }, expiresAt: { N: "1" } } }),
    );
    await confirmedSubscriber(stack, "still-active@example.com");

    await sweep(leftAt + (months - 1) * MONTH);
    expect(await held("left@example.com")).toBe(true);
    await sweep(leftAt + (months + 1) * MONTH);
    expect(await held("left@example.com")).toBe(false);
    expect(await held("still-active@example.com")).toBe(true);
    expect((await stack.items()).some((item) => item.pk === "limit#ip#test")).toBe(true);
    expect(await getContext().store.suppressedStatusOf("some-suppressed-id")).toBe("complained");
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

  for (const [kind, status] of [
    ["bounces", "bounced"],
    ["complains", "complained"],
  ] as const) {
    it(`who ${kind}, through the real SES event handler, is deleted retentionMonths after the last email and stays suppressed`, async () => {
      const months = getContext().settings.retentionMonths;
      const email = `${kind}-after-week-one@example.com`;
      await confirmedSubscriber(stack, email);
      await runPass(getContext(), { now: new Date() });
      const sentAt = Date.parse((await stack.subscriber(email))!.sent![0]!.at);
      await deliverEvent(status, email);
      const suppressed = await stack.subscriber(email);
      expect(suppressed?.status).toBe(status);
      expect(suppressed?.expiresAt).toBe(seconds(monthsAfter(sentAt, months)));

      await sweep(sentAt + (months - 1) * MONTH);
      expect(await held(email)).toBe(true);
      await sweep(sentAt + (months + 1) * MONTH);
      expect(await held(email)).toBe(false);
      const pk = suppressed!.pk;
      expect((await stack.items()).filter((item) => item.pk === pk)).toEqual([]);

      // signing up again: the usual page, but no email and nothing stored
      const mailBefore = (await stack.mailTo(email)).length;
      const before = await stack.items();
      const page = await signUp(email);
      const ordinary = await signUp(`ordinary-after-${kind}@example.com`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(await ordinary.text());
      expect(await stack.mailTo(email)).toHaveLength(mailBefore);
      const others = (items: Record<string, unknown>[]) =>
        items.filter((item) => !String(item.pk).startsWith("limit#") && item.pk !== subscriberIdFor(getContext().key, `ordinary-after-${kind}@example.com`));
      expect(others(await stack.items())).toEqual(others(before));
      expect(await getContext().store.get(pk)).toBeUndefined();
      expect(await getContext().store.suppressedStatusOf(pk)).toBe(status);
    });
  }

  it("who bounced before any program email went is deleted in time too, and the marker stays", async () => {
    const email = "bounced-then-deleted@example.com";
    await confirmedSubscriber(stack, email);
    await deliverEvent("bounced", email);
    const pk = (await stack.subscriber(email))!.pk;
    await sweep(Date.now() + 100 * 12 * MONTH);
    expect(await getContext().store.get(pk)).toBeUndefined();
    expect(await getContext().store.suppressedStatusOf(pk)).toBe("bounced");
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
