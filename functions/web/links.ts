import type { Context as HonoContext } from "hono";
import { getContext } from "../core/context";
import { linksFor, type LinkSubject } from "../core/links";
import { baseUrlOf } from "./base-url";

/** Signed links for the subscriber a verified token named, pointing back at this site. */
export function linksForRequest(c: HonoContext, subscriber: LinkSubject) {
  return linksFor(getContext().linkKeys, baseUrlOf(c), subscriber, new Date());
}

/** A link's path and query, for a form on this site that posts to it (the page's own origin, as the CSP wants). */
export function formAction(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}
