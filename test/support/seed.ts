import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { personalise } from "../../functions/domain/program/program";
import { finishedExpiry, pendingExpiry } from "../../functions/domain/program/retention";
import { answerIds, flagIds, type Answer, type Flag } from "../../functions/domain/subscriber/self-check";
import { tableItem } from "../../functions/adapters/dynamo/table-schema";
import type { Subscriber } from "../../functions/domain/subscriber/subscriber";
import { newLinkEpoch, subscriberIdFor } from "../../functions/domain/links/tokens";
import { FOLLOW_UP } from "../../functions/domain/outcomes/follow-up";
import { defaultOrder } from "../../functions/email/week-order";

const WEEK = 7 * 86_400_000;

/**
 * Where a seeded subscriber stands:
 * - `pending`: signed up, confirmation sent
 * - `due`: confirmed, week `week` due at `dueAt`
 * - `active`: week 1 sent, week 2 due in a week (week 1's check-in is open)
 * - `completed`: every week sent, out of the due index
 * - `followedUp`: completed, asked for the follow-up after the last email, and had it
 * - `unsubscribed`: left after week 1, out of the due index
 */
export type SeedState = "pending" | "due" | "active" | "completed" | "followedUp" | "unsubscribed";

export interface SeedOptions {
  state: SeedState;
  answers?: Answer[];
  flags?: Flag[];
  tz?: string;
  /** when the next week is due (epoch ms), for `due` */
  dueAt?: number;
  week?: number;
  now?: Date;
}

/**
 * A subscriber item as the app itself leaves it in that state (same id, program order and
 * due-index shard functions), for filling the table fast instead of walking each one through
 * the form: tests that need hundreds, benchmarks that need 100,000.
 */
export function subscriberItem(key: string, email: string, options: SeedOptions): Subscriber {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const pk = subscriberIdFor(key, email);
  const answers = options.answers ?? [];
  const base = {
    pk,
    email,
    answers,
    flags: options.flags ?? [],
    tz: options.tz ?? "Europe/Berlin",
    consentAt: at,
    createdAt: at,
    updatedAt: at,
    statusAt: at,
  };
  if (options.state === "pending") return { ...base, status: "pending", confirmSentAt: now.getTime(), expiresAt: pendingExpiry(now) };
  const program = personalise(defaultOrder, answers);
  const confirmed = { ...base, status: "active" as const, confirmedAt: at, program, checkins: {}, linkEpoch: newLinkEpoch() };
  const sentWeek1 = [{ week: 1, template: program[0]!, at, messageId: `seed-${pk}` }];
  const sentAll = program.map((template, i) => ({ week: i + 1, template, at, messageId: `seed-${pk}-${i + 1}` }));
  const followUp = { week: program.length + 1, template: FOLLOW_UP, at, messageId: `seed-${pk}-follow-up` };
  switch (options.state) {
    case "due":
      return { ...confirmed, week: options.week ?? 1, dueAt: options.dueAt ?? now.getTime() };
    case "active":
      return { ...confirmed, week: 2, dueAt: now.getTime() + WEEK, sent: sentWeek1 };
    case "completed":
      return { ...confirmed, status: "completed", week: program.length + 1, sent: sentAll, expiresAt: finishedExpiry({ sent: sentAll }, 12, now) };
    case "followedUp":
      // asked for the follow-up after the last email, and it has gone out
      return {
        ...confirmed,
        status: "completed",
        week: program.length + 2,
        sent: [...sentAll, followUp],
        atEnd: { at, followUp: true },
        expiresAt: finishedExpiry({ sent: [followUp] }, 12, now),
      };
    case "unsubscribed":
      return { ...confirmed, status: "unsubscribed", week: 2, sent: sentWeek1, statusReason: "unsubscribe link", expiresAt: finishedExpiry({ sent: sentWeek1 }, 12, now) };
  }
}

/** A varied but repeatable mix of answers, flags and time zones for subscriber number `i`. */
export function variedOptions(i: number): Pick<SeedOptions, "answers" | "flags" | "tz"> {
  const zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC", "America/Sao_Paulo"];
  return {
    answers: answerIds.filter((_, bit) => (i >> bit) & 1),
    flags: i % 10 === 0 ? [flagIds[i % flagIds.length]!] : [],
    tz: zones[i % zones.length]!,
  };
}

/**
 * `count` confirmed subscribers whose week 1 is due over the ten minutes before `now` (or, with
 * `dueAt`, all at that one moment), with varied answers.
 */
export function dueSubscribers(key: string, prefix: string, count: number, now: number, { dueAt }: { dueAt?: number } = {}): Subscriber[] {
  return Array.from({ length: count }, (_, i) =>
    subscriberItem(key, `${prefix}.${i}@example.com`, { state: "due", dueAt: dueAt ?? now - 60_000 - (i % 600) * 1000, ...variedOptions(i) }),
  );
}

/**
 * Writes items with BatchWriteItem, 25 a request, `concurrency` requests at a time,
 * retrying leftovers; laid out as the DynamoDB adapter lays them out (the due index's shard).
 */
export async function putAll(client: DynamoDBClient, table: string, items: readonly object[], concurrency = 8) {
  const batches: object[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25).map((item) => tableItem(item as { pk: string })));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let requests = batch.map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 10) throw new Error(`BatchWriteItem kept leaving ${requests.length} items unwritten`);
        const { UnprocessedItems } = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [table]: requests } }),
        );
        requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
