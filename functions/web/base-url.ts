import type { Context } from "hono";

/** The origin the person used to reach us: links in the emails we send them point back there. */
export function baseUrlOf(c: Context): string {
  return new URL(c.req.url).origin;
}

/** This request's path and query, for a form that posts back to the same URL. */
export function selfPath(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}
