import { normaliseEmail } from "../../functions/domain/subscriber/address";
import { subscriberIdFor } from "../../functions/domain/links/tokens";
import { addressArgument } from "./address-argument";
import { commandTarget } from "./target";

/**
 * `npm run subscriber-id -- <address>`: the one-way id unknot's logs use for that subscriber
 * (never their address), and a CloudWatch Logs Insights query for it. Needs the stage's
 * TokenKey: `npx sst shell --stage production -- npm run subscriber-id -- <address>`.
 */
const address = addressArgument("subscriber-id");

const id = subscriberIdFor(commandTarget().storage().key, normaliseEmail(address));
console.log(id);
console.error(`\nCloudWatch Logs Insights, on the function log groups:\n  fields @timestamp, @message | filter @message like "${id}" | sort @timestamp desc`);
