import type { Context as HonoContext } from "hono";
import type { Context } from "../domain/context";

/** What the app hands every route: how to reach the domain's context (built on first use). */
export interface AppEnv {
  Variables: { unknot: () => Context };
}

/** What a helper reads of a request, whatever else its route added. */
export type RequestContext = Pick<HonoContext<AppEnv>, "var" | "env" | "req">;

/** The domain's context for this request: the one the app was made with. */
export const contextOf = (c: RequestContext): Context => c.var.unknot();
