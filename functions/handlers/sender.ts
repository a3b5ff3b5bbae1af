import { getContext } from "../runtime/context";
import { runPass } from "../domain/sending/pass";

/** Lambda entry for the weekly emails' scheduled pass (sst.aws.CronV2). One pass; the next run picks up the rest. */
export async function handler(_event: unknown, context?: { getRemainingTimeInMillis(): number }) {
  const ctx = getContext();
  return runPass(ctx, {
    now: ctx.clock(),
    remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
  });
}
