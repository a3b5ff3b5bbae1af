import type { Context } from "../../functions/domain/context";
import { runPass } from "../../functions/domain/sending/pass";
import { postForm } from "./http";
import type { TestStack } from "./stack";

/** What a helper needs of a stack, real or in memory: where the app is, and what it stored. */
export type AppStack = Pick<TestStack, "url" | "subscriber" | "links">;

/**
 * Signs someone up through the real form and confirms through their signed confirm link.
 * `baseline`: the optional outcome questions, as the form posts them (`{ pain: "6" }`).
 */
export async function confirmedSubscriber(
  stack: AppStack,
  email: string,
  { answers = [] as string[], flags = [] as string[], tz = "Europe/Berlin", baseline = {} as Record<string, string> } = {},
) {
  const response = await postForm(`${stack.url}/subscribe`, { email, answers, flags, tz, consent: "yes", website: "", ...baseline });
  if (response.status !== 200) throw new Error(`signup failed: ${response.status}`);
  // the link the confirmation email carries: bound to the signup round stored with the item
  const stored = await stack.subscriber(email.toLowerCase());
  const newest = Object.values(stored?.pendingSignups ?? {}).sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  const nonce = newest?.nonce ?? stored?.signupNonce;
  const confirmed = await fetch((await stack.links(email)).confirm(nonce), { method: "POST" });
  if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status}`);
  return (await stack.subscriber(email))!;
}

/**
 * Sends `email`'s next week as the sender would: the pass runs at the moment it is due, and (unless
 * `moveClock` is false) the app's clock reads an hour past that moment, so check-ins and sends
 * share one timeline. Returns when it was due, or nothing (and runs no pass) when nothing is.
 */
export async function sendWhenDue(
  stack: Pick<TestStack, "subscriber"> & { context: Context },
  email: string,
  { moveClock = true } = {},
): Promise<number | undefined> {
  const due = (await stack.subscriber(email))?.dueAt;
  if (!due) return undefined;
  if (moveClock) stack.context.clock = () => new Date(due + 3_600_000);
  await runPass(stack.context, { now: new Date(due) });
  return due;
}
