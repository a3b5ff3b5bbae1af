import { createMiddleware } from "hono/factory";
import { brandOf } from "../domain/brand";
import type { Brand } from "../domain/settings";
import { contextOf, type AppEnv, type RequestContext } from "./context";
import { BrandProvider } from "./pages/brand";

/** The brand of this deployment; today's look while the context can't be built (a page about that still renders). */
export function brandFor(c: RequestContext): Brand | undefined {
  try {
    return brandOf(contextOf(c).settings);
  } catch {
    return undefined;
  }
}

/**
 * Every page the app renders (`c.html` with a page element) is rendered inside the operator's
 * brand, so the layout, the consent sentence and the result page show it without each route
 * passing it along. A plain string goes out as it is.
 */
export const brandedPages = createMiddleware<AppEnv>(async (c, next) => {
  const html = c.html;
  c.html = ((body: Parameters<typeof html>[0], ...rest: [never]) => {
    const brand = typeof body === "object" ? brandFor(c) : undefined;
    return html(brand ? ((<BrandProvider brand={brand}>{body}</BrandProvider>) as typeof body) : body, ...rest);
  }) as typeof html;
  await next();
});
