import { parseArgs } from "node:util";
import { useDeployedOrLocal } from "../local/env";

/**
 * `npm run subscriber-id -- <address>`: the one-way id unknot's logs use for that subscriber
 * (never their address), and a CloudWatch Logs Insights query for it. Needs the stage's
 * TokenKey: `npx sst shell --stage production -- npm run subscriber-id -- <address>`.
 */
const { positionals } = parseArgs({ allowPositionals: true });
const address = positionals[0];
if (!address || positionals.length > 1) {
  console.error("Usage: npm run subscriber-id -- <email address>");
  process.exit(2);
}

useDeployedOrLocal();
const { getStorageContext } = await import("../../functions/core/resources");
const { normaliseEmail } = await import("../../functions/core/address");
const { subscriberIdFor } = await import("../../functions/core/tokens");

const id = subscriberIdFor(getStorageContext().key, normaliseEmail(address));
console.log(id);
console.error(`\nCloudWatch Logs Insights, on the function log groups:\n  fields @timestamp, @message | filter @message like "${id}" | sort @timestamp desc`);
