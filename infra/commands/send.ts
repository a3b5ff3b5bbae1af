import { parseArgs } from "node:util";
import { localConfig, localEnvironment } from "../local/env";

/**
 * `npm run send -- --at <ISO time>`: exactly one pass of the real sender against the running
 * local stack, as if the clock read that time. `--at next` uses the time the earliest scheduled
 * email is due, so repeating `npm run send -- --at next` walks through the weeks.
 */
const { values } = parseArgs({ options: { at: { type: "string" } } });

Object.assign(process.env, localEnvironment(localConfig()));
// the pass's structured log line goes to stderr; stdout carries only the one-line summary
const print = console.log.bind(console);
console.log = console.error.bind(console);
const { getContext } = await import("../../functions/core/context");
const { nextDueAt, runPass } = await import("../../functions/core/sender");

async function passTime(at: string | undefined): Promise<Date> {
  if (at !== "next") return at ? new Date(at) : new Date();
  const due = await nextDueAt(getContext());
  if (due === undefined) {
    print("Nothing is scheduled: every subscriber is pending, finished or gone.");
    process.exit(0);
  }
  return new Date(Math.max(due, Date.now()));
}

try {
  const at = await passTime(values.at);
  if (Number.isNaN(at.getTime())) {
    console.error(`--at takes a date and time (e.g. --at ${new Date().toISOString()}) or "next"`);
    process.exit(2);
  }
  const s = await runPass(getContext(), { now: at });
  print(
    `sender pass at ${at.toISOString()}: due ${s.due}, sent ${s.sent}, failed ${s.failed}, skipped ${s.skipped}, deferred ${s.deferred}`,
  );
} catch (error) {
  console.error(`sender pass failed: ${(error as Error).message}. Is the local stack running (npm start)?`);
  process.exit(1);
}
