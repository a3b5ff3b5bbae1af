import { receiveSqs } from "../adapters/sqs";
import { readShardMessage } from "../domain/sending/shard-message";
import { runShard } from "../domain/sending/shard-worker";
import { getContext } from "../runtime/context";

/** Lambda entry for a shard worker (the shard queue's event source mapping, one message a batch). Failures are answered per message. */
export async function handler(event: unknown, context?: { getRemainingTimeInMillis(): number }) {
  const remainingMs = context ? () => context.getRemainingTimeInMillis() : undefined;
  return receiveSqs(event, readShardMessage, (message) => runShard(getContext(), message, { remainingMs }));
}
