import type { Context as HonoContext } from "hono";
import type { Context } from "../runtime/context";
import { verifyLink, type Purpose, type VerifiedLink } from "../domain/links/tokens";

/** What the app hands every route: how to reach the domain's context (built on first use). */
export interface AppEnv {
  Variables: { unknot: () => Context };
}

export type RequestContext = HonoContext<AppEnv>;

/** The domain's context for this request: the one the app was made with. */
export const contextOf = (c: RequestContext): Context => c.get("unknot")();

/**
 * The link this request came through (`?token=`), verified here at the edge: its signature,
 * its purpose and its expiry. A broken or foreign token is a 400, an expired one a 410; the
 * domain only ever sees a verified link.
 */
export function linkOf<P extends Purpose>(c: RequestContext, purpose: P, now: Date): VerifiedLink<P> {
  return verifyLink(contextOf(c).linkKeys, c.req.query("token"), purpose, now);
}
