import * as z from "zod/mini";
import { log } from "./log";

/**
 * Receiving Amazon SNS messages, either as a Lambda subscription delivers them
 * (`Records[].Sns`) or as an HTTP subscription posts them (the message itself).
 */

/** SNS's own limit on a message. */
const MAX_MESSAGE = 256 * 1024;

const snsMessageSchema = z.discriminatedUnion("Type", [
  z.object({ Type: z.literal("Notification"), Message: z.string().check(z.maxLength(MAX_MESSAGE)) }),
  z.object({ Type: z.literal("SubscriptionConfirmation"), SubscribeURL: z.string().check(z.maxLength(2048)) }),
  z.object({ Type: z.literal("UnsubscribeConfirmation") }),
]);
type SnsMessage = z.output<typeof snsMessageSchema>;

export const snsDeliverySchema = z.union([
  z.pipe(
    z.object({
      Records: z
        .array(z.object({ EventSource: z.literal("aws:sns"), Sns: snsMessageSchema }))
        .check(z.minLength(1), z.maxLength(10)),
    }),
    z.transform((event) => event.Records.map((record) => record.Sns)),
  ),
  z.pipe(
    snsMessageSchema,
    z.transform((message) => [message]),
  ),
]);

export type SnsOutcome =
  | { outcome: "confirmed" }
  | { outcome: "ignored"; reason: string }
  | { outcome: "rejected"; reason: string };

/**
 * Validates an SNS delivery, confirms a subscription when asked to by SNS itself, and hands each
 * notification's message text to `onNotification`. Bad input is logged and answered, never thrown.
 */
export async function receiveSns<T>(
  event: unknown,
  region: string | undefined,
  onNotification: (message: string) => Promise<T>,
): Promise<(T | SnsOutcome)[]> {
  const parsed = snsDeliverySchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`);
    const reason = `not an SNS message (${issues.join("; ")})`;
    log("sns_rejected", { reason }, "error");
    return [{ outcome: "rejected", reason }];
  }
  const results: (T | SnsOutcome)[] = [];
  for (const message of parsed.data) results.push(await receive(message, region, onNotification));
  return results;
}

function receive<T>(message: SnsMessage, region: string | undefined, onNotification: (message: string) => Promise<T>) {
  switch (message.Type) {
    case "Notification":
      return onNotification(message.Message);
    case "SubscriptionConfirmation":
      return confirmSubscription(message.SubscribeURL, region);
    case "UnsubscribeConfirmation":
      log("sns_unsubscribe_confirmation");
      return Promise.resolve<SnsOutcome>({ outcome: "ignored", reason: "unsubscribe confirmation" });
  }
}

/**
 * Only SNS in our own region may be called: an https URL on `sns.<region>.amazonaws.com`, no
 * credentials, no port, the ConfirmSubscription action. Anything else is a forged message trying
 * to make us fetch a URL of its choosing.
 */
export function isSubscribeUrl(raw: string, region: string | undefined): boolean {
  if (!region || !/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region) || !URL.canParse(raw)) return false;
  const url = new URL(raw);
  return (
    url.protocol === "https:" &&
    url.hostname === `sns.${region}.amazonaws.com` &&
    url.port === "" &&
    url.username === "" &&
    url.password === "" &&
    url.pathname === "/" &&
    url.searchParams.get("Action") === "ConfirmSubscription"
  );
}

async function confirmSubscription(subscribeUrl: string, region: string | undefined): Promise<SnsOutcome> {
  if (!isSubscribeUrl(subscribeUrl, region)) {
    log("sns_subscription_refused", { reason: "SubscribeURL is not SNS in this region" }, "error");
    return { outcome: "ignored", reason: "SubscribeURL is not SNS in this region" };
  }
  try {
    const response = await fetch(subscribeUrl, { redirect: "error", signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    log("sns_subscription_confirmed");
    return { outcome: "confirmed" };
  } catch (error) {
    log("sns_subscription_failed", { error: (error as Error).message }, "error");
    return { outcome: "rejected", reason: "the subscription could not be confirmed" };
  }
}
