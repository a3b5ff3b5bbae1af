import { Cron } from "croner";
import { SENDER_EVERY_MINUTES } from "../../functions/core/sender-timing";

/** Runs the sender handler locally on the deployed cron's schedule. Passes never overlap. */
export async function startScheduler(onPass: (summary: unknown) => void = () => {}) {
  const { handler } = await import("../../functions/sender");
  const job = new Cron(`*/${SENDER_EVERY_MINUTES} * * * *`, { protect: true }, async () => {
    try {
      onPass(await handler(undefined));
    } catch (error) {
      console.error("sender pass failed:", (error as Error).message);
    }
  });
  return { stop: () => job.stop(), next: () => job.nextRun() };
}
