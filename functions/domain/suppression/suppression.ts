import * as z from "zod/mini";
import { emailSchema } from "../subscriber/address";
import type { StorageContext } from "../context";
import { log } from "../log";
import type { Settings } from "../settings";
import { finishedExpiry } from "../program/retention";
import { outranks, suppressedBy, type SuppressedStatus } from "../subscriber/states";
import * as lifecycle from "../subscriber/lifecycle";
import { subscriberIdFor } from "../links/tokens";

/**
 * Bounces and complaints from SES. A hard bounce or a complaint suppresses the address for
 * good; soft bounces and deliveries change nothing. Both SES formats are accepted: identity
 * notifications name the kind `notificationType`, configuration-set events `eventType`.
 */

/** SES's own vocabulary (`General`, `NoEmail`, `abuse`…); anything else is stored as "other", so no
 * free text (which could hold an address) ever reaches `statusReason` or a log line. */
const label = z.pipe(
  z.string().check(z.maxLength(64)),
  z.transform((value) => (/^[A-Za-z][A-Za-z-]{0,39}$/.test(value) ? value : "other")),
);
/** stored as SES reports it, in the one ISO form every other timestamp here has */
const timestamp = z.pipe(
  z.iso.datetime({ offset: true }),
  z.transform((at) => new Date(at).toISOString()),
);
const recipients = z.array(z.object({ emailAddress: emailSchema })).check(z.minLength(1), z.maxLength(50));
const mail = z.object({ messageId: z.string().check(z.minLength(1), z.maxLength(256)), timestamp });

const bounceEvent = z.object({
  type: z.literal("Bounce"),
  mail,
  bounce: z.object({
    bounceType: z.enum(["Permanent", "Transient", "Undetermined"]),
    bounceSubType: label,
    bouncedRecipients: recipients,
    timestamp,
  }),
});
const complaintEvent = z.object({
  type: z.literal("Complaint"),
  mail,
  complaint: z.object({
    complainedRecipients: recipients,
    complaintFeedbackType: z.optional(label),
    timestamp,
  }),
});
const deliveryEvent = z.object({
  type: z.literal("Delivery"),
  mail,
  delivery: z.object({ timestamp }),
});

export const emailEventSchema = z.pipe(
  z.transform((raw: unknown) =>
    raw && typeof raw === "object" && !Array.isArray(raw)
      ? { ...raw, type: "eventType" in raw ? raw.eventType : "notificationType" in raw ? raw.notificationType : undefined }
      : raw,
  ),
  z.discriminatedUnion("type", [bounceEvent, complaintEvent, deliveryEvent]),
);
export type EmailEvent = z.output<typeof emailEventSchema>;

/** What recording an event needs: the table, the id key, and how long a suppressed subscriber's data is kept. */
export interface SuppressionContext extends StorageContext {
  settings: Pick<Settings, "retentionMonths">;
}

export type EventOutcome =
  /** at least one recipient is newly suppressed */
  | { outcome: "suppressed"; status: SuppressedStatus; suppressed: number; unchanged: number }
  /** every recipient was already suppressed as strongly (a duplicate or a late notification) */
  | { outcome: "unchanged"; status: SuppressedStatus; suppressed: 0; unchanged: number }
  /** a soft bounce or a delivery: nothing to do */
  | { outcome: "ignored"; reason: string }
  /** not an SES bounce, complaint or delivery notification: nothing changed */
  | { outcome: "rejected"; reason: string };

/** Reads one SES notification (the SNS message text) and applies it. Never throws for bad input. */
export async function recordEmailEvent(ctx: SuppressionContext, message: string, now: Date): Promise<EventOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return reject("not JSON");
  }
  const parsed = emailEventSchema.safeParse(json);
  if (!parsed.success) {
    // paths and codes only: an issue's message or input could carry an address
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`);
    return reject(`not an SES bounce, complaint or delivery notification (${issues.join("; ")})`);
  }
  const event = parsed.data;
  const outcome = await apply(ctx, event, now);
  log("email_event", { type: event.type, messageId: event.mail.messageId, ...outcome });
  return outcome;
}

function reject(reason: string): EventOutcome {
  log("email_event_rejected", { reason }, "error");
  return { outcome: "rejected", reason };
}

async function apply(ctx: SuppressionContext, event: EmailEvent, now: Date): Promise<EventOutcome> {
  switch (event.type) {
    case "Bounce": {
      const { bounceType, bounceSubType, bouncedRecipients, timestamp } = event.bounce;
      if (bounceType !== "Permanent") return { outcome: "ignored", reason: `${bounceType.toLowerCase()} bounce` };
      const reason = `bounce: ${bounceType}/${bounceSubType}`;
      return suppressAll(ctx, bouncedRecipients, { status: suppressedBy.Bounce, at: timestamp, reason }, now);
    }
    case "Complaint": {
      const { complainedRecipients, complaintFeedbackType, timestamp } = event.complaint;
      const reason = `complaint: ${complaintFeedbackType ?? "unspecified"}`;
      return suppressAll(ctx, complainedRecipients, { status: suppressedBy.Complaint, at: timestamp, reason }, now);
    }
    case "Delivery":
      return { outcome: "ignored", reason: "delivery" };
  }
}

type Suppression = lifecycle.Suppression;

async function suppressAll(
  ctx: SuppressionContext,
  recipients: { emailAddress: string }[],
  suppression: Suppression,
  now: Date,
): Promise<EventOutcome> {
  let suppressed = 0;
  for (const { emailAddress } of recipients) {
    if (await suppress(ctx, subscriberIdFor(ctx.key, emailAddress), suppression, now)) suppressed++;
  }
  const unchanged = recipients.length - suppressed;
  return suppressed
    ? { outcome: "suppressed", status: suppression.status, suppressed, unchanged }
    : { outcome: "unchanged", status: suppression.status, suppressed: 0, unchanged };
}

/**
 * Suppresses one subscriber at once. First the permanent marker (`markSuppressed`), which alone
 * keeps the address from being mailed again once its data is gone; then the item: the status
 * says so, it leaves the due index (a send in flight keeps its claim, so its commit records the
 * email but schedules nothing), and its data expires `retentionMonths` after the last email, as a
 * finished subscriber's does. Conditional, so a repeat or a late, weaker notification changes
 * nothing; the strongest status ever reported wins, the marker's included. An address we hold no
 * item for gets a tombstone as well: no address, no answers, only the keyed id and the status.
 * True if this call changed anything.
 */
async function suppress(ctx: SuppressionContext, id: string, suppression: Suppression, now: Date): Promise<boolean> {
  const marked = await ctx.store.markSuppressed(id, suppression.status);
  const strongest = marked ? suppression : await strongestOf(ctx, id, suppression);
  return (await suppressItem(ctx, id, strongest, now)) || marked;
}

/**
 * The strongest thing SES ever said of the address: the marker's status when it outranks this
 * one (a complaint before a bounce), also once the data it was recorded with has expired.
 */
async function strongestOf(ctx: SuppressionContext, id: string, suppression: Suppression): Promise<Suppression> {
  const kept = await ctx.store.suppressedStatusOf(id);
  if (!kept || !outranks[kept].includes(suppression.status)) return suppression;
  return { ...suppression, status: kept, reason: `${kept === suppressedBy.Complaint ? "complaint" : "bounce"}: reported earlier` };
}

async function suppressItem(ctx: SuppressionContext, id: string, suppression: Suppression, now: Date): Promise<boolean> {
  // a signup may create the item between our read and our write, or a send record an email: then we read again
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await ctx.store.get(id);
    if (current && !lifecycle.suppresses(suppression.status, current.status)) return false; // already as strong, or stronger
    if (!current) {
      const record = lifecycle.suppressionRecord(id, suppression.status, suppression.at, suppression.reason, now.toISOString());
      if (await ctx.store.create(record, [])) return true;
      continue;
    }
    // a suppression record holds no data, so it has nothing to expire
    const expiresAt = current.email ? finishedExpiry(current, ctx.settings.retentionMonths, now) : undefined;
    if (await ctx.store.update(id, ...lifecycle.suppress(current.status, suppression, expiresAt, now))) return true;
  }
  throw new Error("the subscriber kept changing while being suppressed; the event will be retried");
}
