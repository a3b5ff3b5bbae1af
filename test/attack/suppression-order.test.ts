import { describe, expect, it } from "vitest";
import { receiveSns } from "../../functions/adapters/sns";
import { sweepExpired } from "../../functions/domain/program/retention";
import { recordEmailEvent } from "../../functions/domain/suppression/suppression";
import { statsOf, subscriberPages } from "../../infra/ops/stats/figures";
import { confirmedSubscriber } from "../support/people";
import { postForm } from "../support/http";
import { sesEvent } from "../support/ses-events";
import { useMemoryStack } from "../support/use-stack";

/**
 * The strongest thing SES ever told us about an address wins (N6): a complaint outranks a later
 * bounce, also after the complained subscriber's data has expired and only the marker is left.
 */

const stack = useMemoryStack();
const DAY = 86_400_000;

/** SES's notification, delivered the way SNS delivers it to the events Lambda. */
async function notify(kind: "Bounce" | "Complaint", address: string, at: Date) {
  const time = at.toISOString();
  const message = sesEvent(kind, address, time, kind === "Bounce" ? "n6-b" : "n6-c");
  const event = { Records: [{ EventSource: "aws:sns", Sns: { Type: "Notification", Message: message, TopicArn: "arn:aws:sns:eu-west-1:123456789012:events" } }] };
  await receiveSns(event, (text) => recordEmailEvent(stack.context, text, at));
}

describe("N6: a complaint, then the data expires, then a bounce", () => {
  it("keeps the address recorded as complained, and a signup still mails nothing", async () => {
    const email = "n6.complainer@example.com";
    const { pk } = await confirmedSubscriber(stack, email);
    await notify("Complaint", email, new Date());
    expect((await stack.subscriber(email))?.status).toBe("complained");

    // the retention period passes: the data goes, the marker stays
    const later = new Date(Date.now() + 400 * DAY);
    expect(await sweepExpired(stack.context, later)).toBeGreaterThan(0);
    expect(await stack.context.store.get(pk)).toBeUndefined();

    await notify("Bounce", email, new Date(later.getTime() + DAY));
    expect(await stack.context.store.suppressedStatusOf(pk)).toBe("complained");
    const record = await stack.context.store.get(pk);
    expect(record).toMatchObject({ status: "complained", email: "" });
    const stats = await statsOf(subscriberPages(stack.context.store));
    expect(stats.suppressionOnly).toBe(1);

    const mailBefore = (await stack.mailTo(email)).length;
    const page = await postForm(`${stack.url}/subscribe`, { email, answers: [], flags: [], tz: "UTC", consent: "yes", website: "" });
    expect(page.status).toBe(200);
    expect(await stack.mailTo(email)).toHaveLength(mailBefore);
  });

  it("keeps an existing bounced record complained when the complaint came first", async () => {
    const email = "n6.order@example.com";
    const { pk } = await confirmedSubscriber(stack, email);
    // the marker already says complained (its item was lost, say), then a bounce for the live item
    await stack.context.store.markSuppressed(pk, "complained");
    await notify("Bounce", email, new Date());
    expect((await stack.subscriber(email))?.status).toBe("complained");
  });
});
