import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runPass } from "../functions/domain/sending/pass";
import { receiveSns } from "../functions/adapters/sns";
import type { StoredSubscriber } from "./support/memory-stack";
import { recordEmailEvent } from "../functions/domain/suppression/suppression";
import { subscriberIdFor } from "../functions/domain/links/tokens";
import { confirmedSubscriber } from "./support/people";
import { postForm } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * SES bounce, complaint and delivery notifications through the SES events entry point, delivered
 * the way an SNS subscription delivers them to a Lambda, on the memory stack. The samples are the ones the README points operators at.
 */

const stack = useMemoryStack();

/**
 * The SES events entry point as `functions/handlers/ses-events.ts` makes it, on this stack's context (the
 * deployed one reads its context from the linked resources: `npm run ses-event` in
 * test/local-commands.test.ts drives that one against dynalite).
 */
const handler = (event: unknown) => receiveSns(event, (message) => recordEmailEvent(stack.context, message, new Date()));

afterEach(() => {
  vi.restoreAllMocks();
});

const DAY = 86_400_000;
const SAMPLE_ADDRESS = "reader@example.com";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:unknot-production-EmailEventsTopic";

/** A sample from test/fixtures/ses, addressed to `to`. */
const sample = (name: string, to = SAMPLE_ADDRESS) =>
  readFileSync(join("test/fixtures/ses", `${name}.json`), "utf8").replaceAll(SAMPLE_ADDRESS, to);

/** An SNS delivery to a Lambda subscription (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html). */
function snsEvent(message: string) {
  return {
    Records: [
      {
        EventVersion: "1.0",
        EventSubscriptionArn: `${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        EventSource: "aws:sns",
        Sns: {
          SignatureVersion: "1",
          Timestamp: "2025-03-03T08:00:05.000Z",
          Signature: "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
          SigningCertUrl: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
          MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
          Message: message,
          MessageAttributes: {},
          Type: "Notification",
          UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:2bcfbf39`,
          TopicArn: TOPIC,
          Subject: null,
        },
      },
    ],
  };
}

const deliver = (message: string) => handler(snsEvent(message));

/** Every item in the table by id. */
async function table(): Promise<Map<string, StoredSubscriber>> {
  return new Map((await stack.subscribers()).map((s) => [s.pk, s]));
}

/** Asserts that only `pk` differs between two snapshots of the table. */
function onlyChanged(before: Map<string, StoredSubscriber>, after: Map<string, StoredSubscriber>, pk?: string) {
  const without = (snapshot: Map<string, StoredSubscriber>) => [...snapshot].filter(([id]) => id !== pk).sort(([a], [b]) => a.localeCompare(b));
  expect(without(after)).toEqual(without(before));
}

/** The suppression marker beside the item `pk`, read straight from the table. */
const marker = async (pk: string) => (await stack.items()).find((item) => item.pk === `suppressed#${pk}`);

const programMail = async (email: string) => (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));

const signUpAgain = (email: string) =>
  postForm(`${stack.url}/subscribe`, { email, answers: ["sleep"], flags: [], tz: "Europe/Berlin", consent: "yes", website: "" });

describe("a hard bounce", () => {
  it("marks the subscriber bounced, takes them out of the due index at once, and no sender pass mails them", async () => {
    const email = "hard-bounce@example.com";
    const subscriber = await confirmedSubscriber(stack, email);
    expect(subscriber.dueAt).toBeDefined();
    const before = await table();

    const results = await deliver(sample("bounce-permanent", email));

    expect(results).toEqual([{ outcome: "suppressed", status: "bounced", suppressed: 1, unchanged: 0 }]);
    const after = await table();
    // the table as it is: the due index's shard goes with the due time
    const { dueAt: _dueAt, dueShard: _dueShard, ...kept } = subscriber as StoredSubscriber & { dueShard?: string };
    expect(after.get(subscriber.pk)).toEqual({
      ...kept,
      status: "bounced",
      statusAt: "2025-03-03T08:00:04.512Z",
      statusReason: "bounce: Permanent/General",
      updatedAt: expect.any(String),
      // the data goes retentionMonths after the last email (test/retention.test.ts); the marker keeps the suppression
      expiresAt: expect.any(Number),
    });
    onlyChanged(before, after, subscriber.pk);
    expect(await marker(subscriber.pk)).toEqual({ pk: `suppressed#${subscriber.pk}`, suppressed: "bounced" });

    for (let day = 0; day <= 70; day += 7) await runPass(stack.context, { now: new Date(Date.now() + day * DAY) });
    expect(await programMail(email)).toEqual([]);
  });

  it("is understood in the identity-notification format (notificationType) as well", async () => {
    const email = "notification-format@example.com";
    await confirmedSubscriber(stack, email);
    const { eventType, ...rest } = JSON.parse(sample("bounce-permanent", email)) as Record<string, unknown>;
    const results = await deliver(JSON.stringify({ notificationType: eventType, ...rest }));
    expect(results).toEqual([{ outcome: "suppressed", status: "bounced", suppressed: 1, unchanged: 0 }]);
    expect((await stack.subscriber(email))?.status).toBe("bounced");
  });

  it("is harmless when it arrives twice: the second changes nothing and raises nothing", async () => {
    const email = "duplicate@example.com";
    await confirmedSubscriber(stack, email);
    await deliver(sample("bounce-permanent", email));
    const before = await table();

    const again = await deliver(sample("bounce-permanent", email));

    expect(again).toEqual([{ outcome: "unchanged", status: "bounced", suppressed: 0, unchanged: 1 }]);
    onlyChanged(before, await table());
  });

  it("ends an unsubscribed or pending subscriber's chance of being mailed again", async () => {
    const left = "left-then-bounced@example.com";
    await confirmedSubscriber(stack, left);
    await fetch((await stack.links(left)).unsubscribe(), { method: "POST" });
    await deliver(sample("bounce-permanent", left));
    expect((await stack.subscriber(left))?.status).toBe("bounced");

    const pending = "pending-bounced@example.com";
    await signUpAgain(pending);
    await deliver(sample("bounce-permanent", pending));
    expect((await stack.subscriber(pending))?.status).toBe("bounced");
  });
});

describe("a complaint", () => {
  it("marks the subscriber complained and out of the due index, and nothing else changes", async () => {
    const email = "complainer@example.com";
    const subscriber = await confirmedSubscriber(stack, email);
    const before = await table();

    const results = await deliver(sample("complaint", email));

    expect(results).toEqual([{ outcome: "suppressed", status: "complained", suppressed: 1, unchanged: 0 }]);
    const after = await table();
    // the table as it is: the due index's shard goes with the due time
    const { dueAt: _dueAt, dueShard: _dueShard, ...kept } = subscriber as StoredSubscriber & { dueShard?: string };
    expect(after.get(subscriber.pk)).toEqual({
      ...kept,
      status: "complained",
      statusAt: "2025-03-04T19:12:40.000Z",
      statusReason: "complaint: abuse",
      updatedAt: expect.any(String),
      expiresAt: expect.any(Number),
    });
    onlyChanged(before, after, subscriber.pk);
    expect(await marker(subscriber.pk)).toEqual({ pk: `suppressed#${subscriber.pk}`, suppressed: "complained" });
  });

  it("is never downgraded by a late bounce, and outranks an earlier one", async () => {
    const first = "complaint-then-bounce@example.com";
    await confirmedSubscriber(stack, first);
    await deliver(sample("complaint", first));
    const before = await table();
    expect(await deliver(sample("bounce-permanent", first))).toEqual([
      { outcome: "unchanged", status: "bounced", suppressed: 0, unchanged: 1 },
    ]);
    onlyChanged(before, await table());
    expect((await stack.subscriber(first))?.status).toBe("complained");
    expect((await marker(subscriberIdFor(stack.context.key, first)))?.suppressed).toBe("complained");

    const second = "bounce-then-complaint@example.com";
    await confirmedSubscriber(stack, second);
    await deliver(sample("bounce-permanent", second));
    await deliver(sample("complaint", second));
    expect(await stack.subscriber(second)).toMatchObject({ status: "complained", statusReason: "complaint: abuse" });
    expect((await marker(subscriberIdFor(stack.context.key, second)))?.suppressed).toBe("complained");
  });
});

describe("soft bounces and deliveries", () => {
  it("change nothing", async () => {
    const email = "soft@example.com";
    await confirmedSubscriber(stack, email);
    const before = await table();
    const undetermined = sample("bounce-transient", email).replace('"Transient"', '"Undetermined"');

    expect(await deliver(sample("bounce-transient", email))).toEqual([{ outcome: "ignored", reason: "transient bounce" }]);
    expect(await deliver(undetermined)).toEqual([{ outcome: "ignored", reason: "undetermined bounce" }]);
    expect(await deliver(sample("delivery", email))).toEqual([{ outcome: "ignored", reason: "delivery" }]);

    onlyChanged(before, await table());
    expect((await stack.subscriber(email))?.status).toBe("active");
  });
});

describe("malformed input", () => {
  it("is rejected without an exception and changes nothing", async () => {
    const email = "malformed@example.com";
    await confirmedSubscriber(stack, email);
    const before = await table();
    const noRecipients = JSON.parse(sample("bounce-permanent", email)) as { bounce: { bouncedRecipients: unknown[] } };
    noRecipients.bounce.bouncedRecipients = [];

    for (const message of [
      sample("malformed", email),
      sample("bounce-permanent", email).slice(0, 200), // cut off
      JSON.stringify(noRecipients),
      sample("bounce-permanent", email).replace(`"${email}"`, '"not an address"'),
      "null",
      "[]",
      "",
    ]) {
      const [result] = await deliver(message);
      expect(result).toMatchObject({ outcome: "rejected" });
    }
    for (const event of [undefined, null, {}, "a string", { Records: [] }, { Records: [{ EventSource: "aws:sqs", body: "{}" }] }]) {
      expect(await handler(event)).toEqual([{ outcome: "rejected", reason: expect.stringContaining("not an SNS notification") }]);
    }

    onlyChanged(before, await table());
  });
});

describe("an address we hold nothing for", () => {
  it("gets a tombstone and a marker without the address, so a later signup of it mails nothing", async () => {
    const email = "never-signed-up@example.com";
    const pk = subscriberIdFor(stack.context.key, email);
    const before = await table();

    expect(await deliver(sample("bounce-permanent", email))).toEqual([
      { outcome: "suppressed", status: "bounced", suppressed: 1, unchanged: 0 },
    ]);

    const after = await table();
    expect(after.get(pk)).toEqual({
      pk,
      email: "",
      status: "bounced",
      statusAt: "2025-03-03T08:00:04.512Z",
      statusReason: "bounce: Permanent/General",
      answers: [],
      flags: [],
      tz: "UTC",
      consentAt: "",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(after.get(pk))).not.toContain("never-signed-up");
    onlyChanged(before, after, pk);
    // and the marker, as for anyone suppressed: the tombstone is kept as well (it never expires)
    expect(await marker(pk)).toEqual({ pk: `suppressed#${pk}`, suppressed: "bounced" });

    const page = await signUpAgain(email);
    const ordinary = await signUpAgain("ordinary-signup@example.com");
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(await ordinary.text());
    expect(await stack.mailTo(email)).toEqual([]);
    expect(after.get(pk)).toEqual((await table()).get(pk));
  });
});

describe("signing up again after a bounce or a complaint", () => {
  it("answers with the usual result page and sends no confirmation", async () => {
    for (const [email, kind] of [
      ["again-bounced@example.com", "bounce-permanent"],
      ["again-complained@example.com", "complaint"],
    ] as const) {
      await confirmedSubscriber(stack, email);
      await deliver(sample(kind, email));
      const mailBefore = (await stack.mailTo(email)).length;
      const before = await table();

      const page = await signUpAgain(email);
      const ordinary = await signUpAgain(`ordinary-${kind}@example.com`);

      expect(page.status).toBe(200);
      expect(await page.text()).toBe(await ordinary.text());
      expect(await stack.mailTo(email)).toHaveLength(mailBefore);
      const pk = subscriberIdFor(stack.context.key, email);
      expect((await table()).get(pk)).toEqual(before.get(pk));
    }
  });
});

describe("what a Lambda subscription never receives", () => {
  it("is refused and changes nothing: a bare HTTP-subscription post (a forged bounce), subscription confirmations", async () => {
    const email = "forged-bounce@example.com";
    await confirmedSubscriber(stack, email);
    const fetched = vi.spyOn(globalThis, "fetch");
    const before = await table();
    const notification = snsEvent(sample("bounce-permanent", email)).Records[0]!.Sns;
    const confirmation = JSON.parse(sample("subscription-confirmation")) as Record<string, unknown>;
    const unsubscribed = { ...confirmation, Type: "UnsubscribeConfirmation" };

    // what an HTTP(S) subscription would post: the SNS message itself, whose signature nobody checks
    for (const event of [notification, confirmation, unsubscribed]) {
      expect(await handler(event)).toEqual([{ outcome: "rejected", reason: expect.stringContaining("not an SNS notification") }]);
    }
    // and the same confirmations dressed up as a Lambda event
    for (const message of [confirmation, unsubscribed]) {
      const event = { Records: [{ EventSource: "aws:sns", Sns: message }] };
      expect(await handler(event)).toEqual([{ outcome: "rejected", reason: expect.stringContaining("not an SNS notification") }]);
    }
    expect(fetched).not.toHaveBeenCalled();
    onlyChanged(before, await table());
    expect((await stack.subscriber(email))?.status).toBe("active");
  });
});

describe("logging", () => {
  it("never writes an address to a log line", async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    vi.spyOn(console, "log").mockImplementation(record);
    vi.spyOn(console, "error").mockImplementation(record);
    const email = "private.person@example.com";
    await deliver(sample("bounce-transient", email));
    await deliver(sample("bounce-permanent", email));
    await deliver(sample("complaint", email));
    await deliver(sample("malformed", email));
    await deliver(sample("bounce-permanent", email).replace(`"${email}"`, `"${email} <${email}>"`));
    await deliver(`{"eventType":"Bounce","note":"${email}`);
    vi.restoreAllMocks();

    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) {
      expect(line).not.toContain("private.person");
      expect(line).not.toMatch(/[^\s"]+@[^\s"]+/);
    }
  });
});
