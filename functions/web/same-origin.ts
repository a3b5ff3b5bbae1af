import { configuredOrigins } from "./base-url";
import type { RequestContext } from "./request";
import { RequestError } from "./errors";
import { readForm, refuseNonForm, single } from "./form";

/**
 * Every POST that changes something must be an HTML form from this site's own pages (or no body
 * at all, as a button with no fields sends from a non-browser client). A browser says where a
 * form came from: `Sec-Fetch-Site` (same-origin, or none for a request nobody's page started) and
 * `Origin`, which must be an origin this deployment is configured with (`configuredOrigins`),
 * never one the request names (so a page served under another name, as DNS rebinding would,
 * is refused too). A client that sends neither is no browser, so no other site can be riding
 * it (a mailbox provider's RFC 8058 one-click request, say).
 */
export async function refuseForeignPost(c: RequestContext, { oneClick = false } = {}): Promise<void> {
  refuseNonForm(c, { bodyless: true });
  if (fromThisSite(c)) return;
  // RFC 8058: a one-click unsubscribe may come from a webmail page; it can only unsubscribe, and must always work
  if (oneClick && (await isOneClick(c))) return;
  const [home] = configuredOrigins(c);
  throw new RequestError(403, "cross_site", `This form was sent from another website. Please use the page on ${home ?? "our site"} itself.`);
}

function fromThisSite(c: RequestContext): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = c.req.header("origin");
  // "null": a browser told not to name origins (a privacy setting) still vouches for its own form by Sec-Fetch-Site
  if (origin === "null") return site === "same-origin";
  return origin === undefined || configuredOrigins(c).includes(origin);
}

/** The body RFC 8058 prescribes for a one-click unsubscribe: `List-Unsubscribe=One-Click`. */
async function isOneClick(c: RequestContext): Promise<boolean> {
  const form = await readForm(c).catch(() => undefined);
  return form !== undefined && single(form, "List-Unsubscribe") === "One-Click";
}
