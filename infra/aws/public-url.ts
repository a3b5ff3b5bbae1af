import { config } from "./config";

/**
 * Optional (`publicUrl`): the address people should see in links, when the operator puts a custom
 * domain in front of the API's Function URL (for example with CloudFront or `sst.aws.Router`).
 * Without it, the API links back to whatever host the request came to and the sender uses the
 * Function URL.
 */
const publicUrl = config.publicUrl ? new sst.Linkable("PublicUrl", { properties: { url: config.publicUrl } }) : undefined;

/** What to add to a function's `link` list. */
export const publicUrlLink = publicUrl ? [publicUrl] : [];
