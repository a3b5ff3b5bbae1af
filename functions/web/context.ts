import { createMiddleware } from "hono/factory";
import type { Context } from "../domain/context";
import { verifyLink, type Purpose, type VerifiedLink } from "../domain/links/tokens";
import { readForm, type Form } from "./form";
import { contextOf, type AppEnv } from "./request";
import { refuseForeignPost } from "./same-origin";

export { contextOf, type AppEnv, type RequestContext } from "./request";

/** What a route behind a signed link is handed, read once at the edge. */
export interface LinkVariables<P extends Purpose> {
  ctx: Context;
  /** the request's time, from the context's clock */
  now: Date;
  /** the link this request came through, verified */
  link: VerifiedLink<P>;
  /** the posted form, for a route that reads one (empty otherwise, and for a GET) */
  form: Form;
}

/**
 * The preamble of every route behind a signed link (`?token=`), as one middleware per purpose:
 * a POST must be a form from this site's own pages (403 from another site, 415 for anything but
 * a form: `same-origin.ts`; `oneClick` lets RFC 8058's one-click unsubscribe in from anywhere);
 * the link is verified here at the edge (its signature, its purpose and its expiry: a broken
 * or foreign token is a 400, an expired one a 410), then, where the route takes a form, a POST's
 * form is read (anything but an HTML form is a 4xx). The domain only ever sees a verified link.
 */
export const linkRoute = <P extends Purpose>(purpose: P, { form = false, oneClick = false } = {}) =>
  createMiddleware<AppEnv & { Variables: LinkVariables<P> }>(async (c, next) => {
    const ctx = contextOf(c);
    const now = ctx.clock();
    c.set("ctx", ctx);
    c.set("now", now);
    if (c.req.method === "POST") await refuseForeignPost(c, { oneClick });
    c.set("link", verifyLink(ctx.linkKeys, c.req.query("token"), purpose, now));
    c.set("form", form && c.req.method === "POST" ? await readForm(c) : {});
    await next();
  });
