import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import { SHARD_WORKER_TIMEOUT_MINUTES } from "../../functions/domain/sending/timing";

type Handler = (event: unknown, context: { getRemainingTimeInMillis(): number }) => Promise<{ batchItemFailures?: { itemIdentifier: string }[] } | undefined>;

/** A queue message as Lambda hands it to a function: one record of an SQS event. */
const recordOf = (message: Message, queueArn: string) => ({
  messageId: message.MessageId,
  receiptHandle: message.ReceiptHandle,
  body: message.Body ?? "",
  attributes: message.Attributes ?? {},
  messageAttributes: {},
  md5OfBody: message.MD5OfBody,
  eventSource: "aws:sqs",
  eventSourceARN: queueArn,
  awsRegion: "us-east-1",
});

/**
 * The deployed queue's event source mapping, locally: `concurrency` pollers (the mapping's
 * maximum concurrency), each long-polls one message (batch size 1), hands it to the real worker
 * handler as a Lambda SQS event with a Lambda-like deadline, deletes it unless the handler
 * reported it failed (partial batch responses) or threw, and leaves a failure to come back after
 * the visibility timeout, as AWS does.
 */
export function startShardWorkers(sqs: SQSClient, queueUrl: string, handler: Handler, concurrency: number) {
  const stopping = new AbortController();
  const [account, name] = queueUrl.split("/").slice(-2);
  const queueArn = `arn:aws:sqs:us-east-1:${account}:${name}`;
  const poll = async () => {
    while (!stopping.signal.aborted) {
      let messages: Message[];
      try {
        const received = await sqs.send(
          // the emulator reads the older AttributeNames, AWS the newer MessageSystemAttributeNames
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 5, AttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }),
          { abortSignal: stopping.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (stopping.signal.aborted) return;
        console.error("shard queue poll failed:", (error as Error).message);
        await new Promise((wake) => setTimeout(wake, 1000));
        continue;
      }
      if (!messages.length) continue;
      const ends = Date.now() + SHARD_WORKER_TIMEOUT_MINUTES * 60_000;
      let failed: Set<string | undefined>;
      try {
        const response = await handler({ Records: messages.map((m) => recordOf(m, queueArn)) }, { getRemainingTimeInMillis: () => ends - Date.now() });
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        console.error("shard worker failed:", (error as Error).message);
        failed = new Set(messages.map((m) => m.MessageId)); // a thrown error fails the whole batch
      }
      const done = messages.filter((m) => !failed.has(m.MessageId));
      if (done.length) {
        await sqs
          .send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }))
          .catch((error: Error) => console.error("deleting shard messages failed:", error.message));
      }
    }
  };
  const pollers = Array.from({ length: concurrency }, poll);
  return {
    /** Stops polling; a worker still sending gets a few seconds to finish (its claims hold for a later pass otherwise). */
    async stop() {
      stopping.abort();
      await Promise.race([Promise.allSettled(pollers), new Promise((wake) => setTimeout(wake, 3000).unref())]);
    },
  };
}
