import * as z from "zod/mini";
import type { Context } from "../context";
import { notInProgram } from "../errors";
import { holderInProgram } from "../links/links";
import { nextLocalHour, nextWeeklySend } from "../program/schedule";
import * as lifecycle from "../subscriber/lifecycle";
import type { Active, InProgram, Paused } from "../subscriber/subscriber";
import type { VerifiedLink } from "../links/tokens";

const WEEK_MS = 7 * 86_400_000;

export const pauseSchema = z.object({
  weeks: z.pipe(z.enum(["2", "4"], { error: "Please choose a pause of 2 or 4 weeks." }), z.transform(Number)),
});

/** The subscriber a pause link belongs to, if they are in the program. */
export const pausable = (ctx: Context, link: VerifiedLink<"pause">) => holderInProgram(ctx, link);

/**
 * Holds the program for some weeks. Nothing is sent meanwhile; then it carries on with the
 * next week, at the usual local hour. A send in flight keeps its claim: its commit records the
 * email that went out but leaves the pause's schedule alone.
 */
export async function pause(ctx: Context, link: VerifiedLink<"pause">, weeks: number, now: Date): Promise<Paused> {
  const subscriber = await pausable(ctx, link);
  const until = now.getTime() + weeks * WEEK_MS;
  const dueAt = nextLocalHour(new Date(until), subscriber.tz, ctx.settings.sendHour).getTime();
  const paused = await ctx.store.update(subscriber.pk, ...lifecycle.pause(until, dueAt, now));
  if (!paused) throw notInProgram();
  return paused;
}

/**
 * Ends a pause early: the next week goes out at the next usual local hour, but never sooner
 * than a weekly email would have after the last one.
 */
export async function resume(ctx: Context, link: VerifiedLink<"pause">, now: Date): Promise<Active> {
  const subscriber = await pausable(ctx, link);
  const resumed = await ctx.store.update(subscriber.pk, ...lifecycle.resume(resumeAt(subscriber, ctx.settings.sendHour, now), now));
  if (!resumed) throw notInProgram();
  return resumed;
}

function resumeAt(subscriber: InProgram, sendHour: number, now: Date): number {
  const soonest = nextLocalHour(now, subscriber.tz, sendHour).getTime();
  const last = subscriber.sent?.at(-1)?.at;
  return last ? Math.max(soonest, nextWeeklySend(new Date(last), subscriber.tz, sendHour).getTime()) : soonest;
}
