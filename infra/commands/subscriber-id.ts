import { addressArgument } from "./address-argument";
import { useDeployedOrLocal } from "../local/env";

/**
 * `npm run subscriber-id -- <address>`: the one-way id unknot's logs use for that subscriber
 * (never their address), and a CloudWatch Logs Insights query for it. Needs the stage's
 * TokenKey: `npx sst shell --stage production -- npm run subscriber-id -- <address>`.
 */
const address = addressArgument("subscriber-id");

useDeployedOrLocal();
const { getStorageContext } = await import("../../functions/core/resources");
const { normaliseEmail } = await import("../../functions/core/address");
const { subscriberIdFor } = await import("../../functions/core/tokens");

const id = subscriberIdFor(getStorageContext().key, normaliseEmail(address));
console.log(id);
console.error(`\nCloudWatch Logs Insights, on the function log groups:\n  fields @timestamp, @message | filter @message like "${id}" | sort @timestamp desc`);
