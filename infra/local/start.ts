import { localConfig } from "./env";
import { startStack } from "./stack";

/** `npm start`: the whole of unknot on this machine. Ctrl-C stops it; the data stays in DATA_DIR. */
const config = localConfig();
const stack = await startStack(config);

console.log(`
unknot is running locally
  signup page   ${stack.urls.app}/
  mailbox       ${stack.urls.mailbox}/   (every email unknot sends lands here)
  DynamoDB API  ${stack.urls.dynamo}  (data in ${config.dataDir})
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await stack.stop();
    process.exit(0);
  });
}
