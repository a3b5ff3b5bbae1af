import { ConfigError } from "../aws/operator-config";
import { localConfig } from "./env";
import { startScheduler } from "./scheduler";
import { startStack } from "./stack";

/** `npm start`: the whole of unknot on this machine. Ctrl-C stops it; the data stays in DATA_DIR. */
const config = localConfig();
const stack = await startStack(config).catch((error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\nFix the variables above (the README's Configuration lists them) and run npm start again.`);
  process.exit(1);
});
const scheduler = await startScheduler();

console.log(`
unknot is running locally
  signup page   ${stack.urls.app}/
  mailbox       ${stack.urls.mailbox}/   (every email unknot sends lands here)
  previews      ${stack.urls.app}/preview   (every email of a program, for any answers)
  DynamoDB API  ${stack.urls.dynamo}  (data in ${config.dataDir})
The sender runs every 15 minutes (next: ${scheduler.next()?.toLocaleTimeString()}).
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
