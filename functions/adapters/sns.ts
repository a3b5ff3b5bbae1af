import * as z from "zod/mini";
import { log } from "../domain/log";

/**
 * Receiving Amazon SNS notifications as a Lambda subscription delivers them (`Records[].Sns`),
 * the only way unknot subscribes to its topic. SNS invokes the function itself, so there is no
 * subscription to confirm and no message signature to check: anything else (the bare message
 * an HTTP subscription would post, a SubscriptionConfirmation, an UnsubscribeConfirmation) is
 * refused. Wiring an HTTP(S) subscription to this code would need signature verification first.
 */

/** SNS's own limit on a message. */
const MAX_MESSAGE = 256 * 1024;

export const snsDeliverySchema = z.pipe(
  z.object({
    Records: z
      .array(
        z.object({
          EventSource: z.literal("aws:sns"),
          Sns: z.object({ Type: z.literal("Notification"), Message: z.string().check(z.maxLength(MAX_MESSAGE)) }),
        }),
      )
      .check(z.minLength(1), z.maxLength(10)),
  }),
  z.transform((event) => event.Records.map((record) => record.Sns.Message)),
);

export type SnsRejection = { outcome: "rejected"; reason: string };

/**
 * Validates a Lambda SNS event and hands each notification's message text to `onNotification`.
 * Bad input is logged and answered, never thrown.
 */
export async function receiveSns<T>(event: unknown, onNotification: (message: string) => Promise<T>): Promise<(T | SnsRejection)[]> {
  const parsed = snsDeliverySchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`);
    const reason = `not an SNS notification from a Lambda subscription (${issues.join("; ")})`;
    log("sns_rejected", { reason }, "error");
    return [{ outcome: "rejected", reason }];
  }
  const results: (T | SnsRejection)[] = [];
  for (const message of parsed.data) results.push(await onNotification(message));
  return results;
}
