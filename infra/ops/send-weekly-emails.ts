import { parseArgs } from "node:util";
import { setLogSink } from "../../functions/domain/log";
import { runPass } from "../../functions/domain/sending/pass";
import { localTarget } from "./target";

/**
 * `npm run send -- --at <ISO time>`: exactly one pass of the real sender against the running
 * local stack, as if the clock read that time. `--at next` uses the time the earliest scheduled
 * email is due, so repeating `npm run send -- --at next` walks through the weeks. Local only,
 * even under `sst shell`: a pass with a made-up clock would mail real people early.
 */
const { values } = parseArgs({ options: { at: { type: "string" } } });

const target = localTarget();
// the pass's structured log line goes to stderr; stdout carries only the one-line summary
setLogSink((line) => console.error(line));

async function passTime(at: string | undefined): Promise<Date> {
  if (at !== "next") return at ? new Date(at) : new Date();
  const due = await target.context().store.nextDueAt();
  if (due === undefined) {
    console.log("Nothing is scheduled: every subscriber is pending, finished or gone.");
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
  const s = await runPass(target.context(), { now: at });
  console.log(
    `sender pass at ${at.toISOString()}: due ${s.due}, sent ${s.sent}, failed ${s.failed}, skipped ${s.skipped}, deferred ${s.deferred}`,
  );
} catch (error) {
  console.error(`sender pass failed: ${(error as Error).message}.${target.hint}`);
  process.exit(1);
}
