import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod/mini";
import { log } from "../domain/log";
import type { ShardQueue } from "../domain/ports";

/** SQS takes at most this many messages a batch. */
const BATCH = 10;
const ATTEMPTS = 4;

/** The shard queue on SQS: batches of ten; entries SQS failed are sent again, a few times. */
export function sqsShardQueue(sqs: SQSClient, queueUrl: string): ShardQueue {
  return {
    async send(messages) {
      for (let start = 0; start < messages.length; start += BATCH) {
        let entries = messages.slice(start, start + BATCH).map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) }));
        for (let attempt = 1; entries.length; attempt++) {
          const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
          const failed = new Set((Failed ?? []).map((entry) => entry.Id));
          entries = entries.filter((entry) => failed.has(entry.Id));
          if (entries.length && attempt >= ATTEMPTS) throw new Error(`SQS kept refusing ${entries.length} shard messages`);
        }
      }
    },
  };
}

/** A Lambda SQS event as the event source mapping delivers it: what the handler reads of each record. */
const sqsEventSchema = z.object({
  Records: z
    .array(z.object({ messageId: z.string().check(z.minLength(1)), body: z.string(), eventSource: z.literal("aws:sqs") }))
    .check(z.minLength(1), z.maxLength(10_000)),
});

/** What the handler answers: the records to deliver again (partial batch responses); the rest are deleted. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * Validates a Lambda SQS event and hands each record's message to `handle`, one after another.
 * A body `read` doesn't accept, and a message whose handling throws, are reported as failed
 * (SQS delivers them again after the visibility timeout, and after the queue's receive limit
 * moves them to its dead-letter queue); the others succeed. An event that isn't an SQS event
 * at all throws: it can't name a record to fail.
 */
export async function receiveSqs<T>(event: unknown, read: (body: string) => T | undefined, handle: (message: T) => Promise<unknown>): Promise<BatchResponse> {
  const parsed = z.safeParse(sqsEventSchema, event);
  if (!parsed.success) throw new Error("not an SQS event from a Lambda event source mapping");
  const batchItemFailures: BatchResponse["batchItemFailures"] = [];
  for (const record of parsed.data.Records) {
    const message = read(record.body);
    if (message === undefined) {
      log("sqs_message_rejected", { messageId: record.messageId, bytes: record.body.length }, "error");
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await handle(message);
    } catch (error) {
      log("sqs_message_failed", { messageId: record.messageId, error: (error as Error).name, message: (error as Error).message }, "error");
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
