import { linksFor, type LinkSubject } from "../domain/links/links";
import { baseUrlOf } from "./base-url";
import { contextOf, type RequestContext } from "./context";

/** Signed links for the subscriber a verified token named, pointing back at this site. */
export function linksForRequest(c: RequestContext, subscriber: LinkSubject) {
  const ctx = contextOf(c);
  return linksFor(ctx.linkKeys, baseUrlOf(c), subscriber, ctx.clock());
}
