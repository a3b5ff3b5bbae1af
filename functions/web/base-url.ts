import type { Context } from "hono";
import { getContext } from "../core/context";

/**
 * Where links in the emails we send from a request point: the operator's custom domain when
 * one is set, else the origin the person used to reach us.
 */
export function baseUrlOf(c: Context): string {
  return getContext().publicUrl ?? new URL(c.req.url).origin;
}

/** This request's path and query, for a form that posts back to the same URL. */
export function selfPath(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}
