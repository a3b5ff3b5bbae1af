import { localConfig } from "../../infra/dev/env";
import { startStack } from "../../infra/dev/stack";

/**
 * The local stack in a process of its own, as `npm start` runs it but without the scheduler
 * (a pass in the middle of a benchmark would skew it). Given AWS_ENDPOINT_URL_* it serves only
 * the app, like a Lambda next to the services. Tells its parent when it is ready.
 */
const stack = await startStack(localConfig());
process.send?.({ ready: stack.urls });
process.on("disconnect", async () => {
  await stack.stop();
  process.exit(0);
});
