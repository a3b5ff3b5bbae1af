import type { Server } from "node:http";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { createSqsServer } from "local-aws-sqs";
import { DEAD_LETTER_RETENTION_MINUTES, SHARD_MAX_RECEIVES, SHARD_RETENTION_MINUTES, SHARD_VISIBILITY_MINUTES } from "../../functions/domain/sending/timing";

/** local-aws-sqs: the SQS API in this process, queues in memory (the planner fills them again every pass). */
export async function startLocalSqs(port: number): Promise<Server> {
  return createSqsServer({ port, hostname: "127.0.0.1", emulateQueueCreationLifecycle: false });
}

/**
 * The shard queue and its dead-letter queue, with the attributes the deployed ones have
 * (infra/aws/weekly-emails.ts): a message hidden while its worker runs, kept an hour, and moved
 * to the dead-letter queue after it failed SHARD_MAX_RECEIVES times. Resolves to the queue's URL.
 */
export async function ensureShardQueues(sqs: SQSClient, name: string, deadLetterName: string): Promise<string> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: deadLetterName, Attributes: { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_MINUTES * 60) } }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }));
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(SHARD_VISIBILITY_MINUTES * 60),
        MessageRetentionPeriod: String(SHARD_RETENTION_MINUTES * 60),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: SHARD_MAX_RECEIVES }),
      },
    }),
  );
  if (!QueueUrl) throw new Error(`the SQS endpoint made no queue ${name}`);
  return QueueUrl;
}
