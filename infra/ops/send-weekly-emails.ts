import { parseArgs } from "node:util";
import { setLogSink } from "../../functions/domain/log";
import { deferredOf } from "../../functions/domain/sending/pass";
import { startPass } from "../../functions/domain/sending/planner";
import { PASS_MINUTES } from "../../functions/domain/sending/timing";
import { moveFileClock } from "../../functions/runtime/clock";
import { clockFile, localConfig } from "../dev/env";
import { localTarget } from "./target";

/**
 * `npm run send -- --at <ISO time>`: moves the local clock to that time, then runs exactly one
 * pass of the real sender against the running local stack, through the same fan-out as in AWS:
 * the planner puts one message per shard on the stack's SQS queue, the stack's shard workers
 * send, and this waits for their tally. The clock is the one every local path reads (the app,
 * the scheduler, pausing, check-ins, retention), kept under DATA_DIR, so the whole stack lives at
 * that time from then on, across restarts; it never goes back. `--at next` moves it to when the
 * earliest scheduled email is due (or leaves it, if that is past), so repeating
 * `npm run send -- --at next` walks through the weeks. Without `--at`: a pass at the local
 * clock's time. Local only, even under `sst shell`: a pass with a made-up clock would mail real
 * people early.
 */
const { values } = parseArgs({ options: { at: { type: "string" } } });

const target = localTarget();
const file = clockFile(localConfig());
// the planner's structured log line goes to stderr; stdout carries only the one-line summary
setLogSink((line) => console.error(line));

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

async function passTime(at: string | undefined, clock: Date): Promise<Date> {
  if (at === undefined) return clock;
  if (at === "next") {
    const due = await target.context().store.nextDueAt();
    if (due === undefined) {
      console.log("Nothing is scheduled: every subscriber is pending, finished or gone.");
      process.exit(0);
    }
    return new Date(Math.max(due, clock.getTime()));
  }
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) refuse(`--at takes a date and time (e.g. --at ${clock.toISOString()}) or "next"`);
  if (time.getTime() < clock.getTime() - 1000) {
    refuse(
      `The local clock already reads ${clock.toISOString()}: it doesn't go back (what was sent would be out of order). ` +
        `To start again from the real time, stop npm start and delete ${file}.`,
    );
  }
  return time;
}

/** Waits until every worker of the pass has reported (they tally in the table), or the pass's time is up. */
async function workersDone(pass: string, workers: number) {
  const store = target.storage().store;
  const until = Date.now() + (PASS_MINUTES + 1) * 60_000;
  for (;;) {
    const tally = (await store.passTally(pass)) ?? { sent: 0, failed: 0, skipped: 0, workers: 0 };
    if (tally.workers >= workers) return tally;
    if (Date.now() > until) throw new Error(`only ${tally.workers} of the pass's ${workers} shard workers reported in time`);
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

try {
  const at = await passTime(values.at, target.context().clock());
  moveFileClock(file, at);
  const planned = await startPass(target.planner(), { now: at });
  const { sent, failed, skipped } = await workersDone(planned.pass, planned.messages.length);
  const deferred = deferredOf(planned.due, { sent, failed, skipped });
  console.log(`sender pass at ${at.toISOString()}: due ${planned.due}, sent ${sent}, failed ${failed}, skipped ${skipped}, deferred ${deferred}`);
} catch (error) {
  console.error(`sender pass failed: ${(error as Error).message}.${target.hint}`);
  process.exit(1);
}
