import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { text } from "node:stream/consumers";
import { receiveSns } from "../../functions/adapters/sns";
import { recordEmailEvent } from "../../functions/domain/suppression/suppression";
import { commandTarget } from "./target";

/**
 * `npm run ses-event -- <bounce|complaint|delivery> [file]`: feeds one SES notification (JSON from
 * the file, or from stdin without one) through the bounce/complaint handler's own steps
 * (functions/handlers/ses-events.ts), wrapped the way an SNS subscription delivers it to the Lambda.
 * Against the running local stack; against AWS under `sst shell` (to replay a notification from
 * the dead-letter queue). The file may also be a whole SNS message. Samples: test/fixtures/ses/.
 */
const kinds = ["bounce", "complaint", "delivery"];
const [kind = "", file, ...extra] = process.argv.slice(2);
if (!kinds.includes(kind) || extra.length) {
  console.error(`usage: npm run ses-event -- <${kinds.join("|")}> [notification.json]   (stdin without a file)`);
  process.exit(2);
}
if (!file && process.stdin.isTTY) console.error("Reading the notification from stdin; end it with Ctrl-D.");
const input = file ? readFileSync(file, "utf8") : await text(process.stdin);

/** The SNS message to deliver, and what it says it is (undefined when it can't be read: the handler will say why). */
function understand(input: string): { sns: Record<string, unknown>; type?: string } {
  const read = (json: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(json);
      return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const typeOf = (notification?: Record<string, unknown>) => {
    const type = notification?.eventType ?? notification?.notificationType;
    return typeof type === "string" ? type : undefined;
  };
  const json = read(input);
  if (typeof json?.Type !== "string") {
    const sns = { Type: "Notification", MessageId: randomUUID(), Timestamp: new Date().toISOString(), Message: input };
    return { sns, type: typeOf(json) };
  }
  if (json.Type !== "Notification") return { sns: json, type: `${json.Type} (an SNS message)` };
  return { sns: json, type: typeof json.Message === "string" ? typeOf(read(json.Message)) : undefined };
}

const { sns, type } = understand(input);
if (type && type.toLowerCase() !== kind) {
  console.error(`Expected a ${kind} notification, but the input is a ${type}.`);
  process.exit(2);
}

const target = commandTarget();
const event = {
  Records: [
    {
      EventSource: "aws:sns",
      EventVersion: "1.0",
      EventSubscriptionArn: "arn:aws:sns:us-east-1:000000000000:unknot-local-EmailEvents:local",
      Sns: { TopicArn: "arn:aws:sns:us-east-1:000000000000:unknot-local-EmailEvents", ...sns },
    },
  ],
};

try {
  const results = await receiveSns(event, (message) => recordEmailEvent(target.context(), message, target.context().clock()));
  for (const result of results) {
    const detail =
      result.outcome === "suppressed" || result.outcome === "unchanged"
        ? `${result.suppressed} newly ${result.status}, ${result.unchanged} already suppressed`
        : "reason" in result
          ? result.reason
          : "";
    console.log(`${kind}: ${result.outcome}${detail && ` (${detail})`}`);
  }
  if (results.some((result) => result.outcome === "rejected")) process.exit(1);
} catch (error) {
  console.error(`${kind}: failed: ${(error as Error).message}.${target.hint}`);
  process.exit(1);
}
