import { startPass } from "../domain/sending/planner";
import { getPlannerContext } from "../runtime/context";

/** Lambda entry for the sender's planner (sst.aws.CronV2, every 15 minutes): one message per shard onto the queue. */
export async function handler() {
  const ctx = getPlannerContext();
  const { pass, due, overdue, messages } = await startPass(ctx, { now: ctx.clock() });
  return { pass, due, overdue, shards: messages.length };
}
