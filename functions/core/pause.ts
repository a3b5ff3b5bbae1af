import * as z from "zod/mini";
import type { Context } from "./context";
import { VisibleError } from "./errors";
import { nextLocalHour } from "./schedule";
import { dueShardOf } from "./store";
import type { Subscriber } from "./subscriber";
import { verifyToken } from "./tokens";

const WEEK_MS = 7 * 86_400_000;

export const pauseSchema = z.object({
  weeks: z.pipe(z.enum(["2", "4"], { error: "Please choose a pause of 2 or 4 weeks." }), z.transform(Number)),
});

const gone = () =>
  new VisibleError(404, "not_in_program", "We couldn't find an active program for this link. You may have left or deleted your data.");

/** The subscriber a pause link belongs to, if they are in the program. */
export async function pausable(ctx: Context, token: unknown, now: Date): Promise<Subscriber> {
  const { s: id } = verifyToken(ctx.key, token, "pause", now);
  const subscriber = await ctx.store.get(id);
  if (!subscriber || (subscriber.status !== "active" && subscriber.status !== "paused")) throw gone();
  return subscriber;
}

/**
 * Holds the program for some weeks. Nothing is sent meanwhile; then it carries on with the
 * same week, at the usual local hour. A send in flight loses its lease, so it cannot move the
 * schedule back into the pause.
 */
export async function pause(ctx: Context, token: unknown, weeks: number, now: Date): Promise<Subscriber> {
  const subscriber = await pausable(ctx, token, now);
  const until = now.getTime() + weeks * WEEK_MS;
  const at = now.toISOString();
  const paused = await ctx.store.update(
    subscriber.pk,
    {
      set: {
        status: "paused",
        pausedUntil: until,
        dueAt: nextLocalHour(new Date(until), subscriber.tz, ctx.settings.sendHour).getTime(),
        dueShard: dueShardOf(subscriber.pk),
        statusAt: at,
        updatedAt: at,
      },
      remove: ["leaseId", "leaseWeek", "leaseUntil"],
    },
    { status: ["active", "paused"] },
  );
  if (!paused) throw gone();
  return paused;
}

/** Ends a pause early: the next week goes out at the next usual local hour. */
export async function resume(ctx: Context, token: unknown, now: Date): Promise<Subscriber> {
  const subscriber = await pausable(ctx, token, now);
  const at = now.toISOString();
  const resumed = await ctx.store.update(
    subscriber.pk,
    {
      set: {
        status: "active",
        dueAt: nextLocalHour(now, subscriber.tz, ctx.settings.sendHour).getTime(),
        dueShard: dueShardOf(subscriber.pk),
        statusAt: at,
        updatedAt: at,
      },
      remove: ["pausedUntil"],
    },
    { status: ["paused"] },
  );
  if (!resumed) throw gone();
  return resumed;
}
