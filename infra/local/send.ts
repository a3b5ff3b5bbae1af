import { parseArgs } from "node:util";
import { localConfig, localEnvironment } from "./env";

/**
 * `npm run send -- --at <ISO time>`: exactly one pass of the real sender against the running
 * local stack, as if the clock read that time. Walk through the weeks by moving --at forward.
 */
const { values } = parseArgs({ options: { at: { type: "string" } } });
const at = values.at ? new Date(values.at) : new Date();
if (Number.isNaN(at.getTime())) {
  console.error(`--at must be a date and time, e.g. --at ${new Date().toISOString()}`);
  process.exit(2);
}

Object.assign(process.env, localEnvironment(localConfig()));
const { getContext } = await import("../../functions/core/context");
const { runPass } = await import("../../functions/core/sender");

try {
  const s = await runPass(getContext(), { now: at });
  console.log(
    `sender pass at ${at.toISOString()}: due ${s.due}, sent ${s.sent}, failed ${s.failed}, skipped ${s.skipped}, deferred ${s.deferred}`,
  );
} catch (error) {
  console.error(`sender pass failed: ${(error as Error).message}. Is the local stack running (npm start)?`);
  process.exit(1);
}
