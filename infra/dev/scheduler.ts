import { Cron } from "croner";
import { SENDER_EVERY_MINUTES } from "../../functions/domain/sending/timing";

/**
 * Runs the sender's planner locally on the deployed cron's schedule (its shard messages go to the
 * local queue, whose workers the stack runs), and the retention sweep on start and hourly:
 * dynalite has no TTL, so this deletes what DynamoDB would expire in AWS, by the same
 * `expiresAt` rule. Both read the time from the context's clock: the local clock that
 * `npm run send -- --at` moves. The schedule itself runs on real time.
 */
export async function startScheduler(onPass: (summary: unknown) => void = () => {}) {
  const { handler } = await import("../../functions/handlers/sender-plan");
  const { getContext } = await import("../../functions/runtime/context");
  const { sweepExpired } = await import("../../functions/domain/program/retention");
  const job = new Cron(`*/${SENDER_EVERY_MINUTES} * * * *`, { protect: true }, async () => {
    try {
      onPass(await handler());
    } catch (error) {
      console.error("sender planner failed:", (error as Error).message);
    }
  });
  const sweep = async () => {
    try {
      const ctx = getContext();
      await sweepExpired(ctx, ctx.clock());
    } catch (error) {
      console.error("retention sweep failed:", (error as Error).message);
    }
  };
  const sweeper = new Cron("0 * * * *", { protect: true }, sweep);
  await sweep();
  return {
    stop: () => {
      job.stop();
      sweeper.stop();
    },
    next: () => job.nextRun(),
  };
}
