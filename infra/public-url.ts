/**
 * Optional: the address people should see in links, when the operator puts a custom domain in
 * front of the API's Function URL (for example with CloudFront or `sst.aws.Router`). Without it,
 * the API links back to whatever host the request came to and the sender uses the Function URL.
 */
const url = process.env.UNKNOT_PUBLIC_URL;

export const publicUrl = url ? new sst.Linkable("PublicUrl", { properties: { url } }) : undefined;

/** What to add to a function's `link` list. */
export const publicUrlLink = publicUrl ? [publicUrl] : [];
