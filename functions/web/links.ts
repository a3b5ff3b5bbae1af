import type { Context as HonoContext } from "hono";
import { getContext } from "../core/context";
import { linksFor } from "../core/links";
import { baseUrlOf } from "./base-url";

/** Signed links for the subscriber a verified token named, pointing back at this site. */
export function linksForRequest(c: HonoContext, subscriberId: string) {
  return linksFor(getContext().key, baseUrlOf(c), subscriberId, new Date());
}
