import { ConfigError } from "../aws/operator-config";
import { localSettingsSource } from "../aws/stage-config";
import { localConfig } from "./env";
import { clockDrift, localTime } from "./local-time";
import { startScheduler } from "./scheduler";
import { PortUnavailable, startStack } from "./stack";

/** `npm start`: the whole of unknot on this machine. Ctrl-C stops it; the data stays in DATA_DIR. */
const config = localConfig();
const stack = await startStack(config).catch((error: unknown) => {
  // what an operator can fix gets one line (or one list) saying how, not a stack trace
  if (error instanceof PortUnavailable) console.error(error.message);
  else if (error instanceof ConfigError) {
    console.error(`${error.message}\nFix the settings above (the README's Configuration lists them) and run npm start again.`);
  } else throw error;
  process.exit(1);
});
const scheduler = await startScheduler();
const { getContext } = await import("../../functions/runtime/context");
const now = getContext().clock();
const next = scheduler.next();

console.log(`
unknot is running locally
  signup page   ${stack.urls.app}/
  mailbox       ${stack.urls.mailbox}   (every email sent, by recipient, at the local clock's dates)
  previews      ${stack.urls.app}/preview   (every email of a program, for any answers)
  SES emulator  ${stack.urls.emulator}/   (its own page lists the same emails)
  DynamoDB API  ${stack.urls.dynamo}  (data in ${config.dataDir})
  SQS API       ${stack.urls.sqs}  (the sender's shard queue, which the stack's shard workers poll)
  settings      ${localSettingsSource()}, under UNKNOT_* variables
Local clock: ${localTime(now)} (${clockDrift(now)}); npm run send -- --at moves it, and it stays where it is moved.
The sender's planner runs every 15 minutes (next pass: ${next ? localTime(next) : "none"}, real time).
Send now: npm run send    Walk through the weeks: npm run send -- --at next
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    scheduler.stop();
    await stack.stop();
    process.exit(0);
  });
}
