import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { Context } from "../domain/context";
import { log } from "../domain/log";
import { LOGO_PATH } from "../domain/brand";
import { adviceScript, iconFor, stylesFor, timeZoneScript } from "./assets";
import { brandedPages, brandFor } from "./brand";
import { checkedRoutes } from "./checked";
import { checkinRoutes } from "./checkin";
import { confirmRoutes } from "./confirm";
import type { AppEnv } from "./context";
import { RequestError, visibleError } from "./errors";
import { MessagePage } from "./pages/message";
import { outcomeRoutes } from "./outcomes";
import { pauseRoutes } from "./pause";
import { personalDataRoutes } from "./personal-data";
import { signupRoutes } from "./signup";
import { unsubscribeRoutes } from "./unsubscribe";

/** Forms are tiny; anything larger than this is not a person filling in a form. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Page titles for errors that aren't a mistake on anyone's part. */
const titles: Record<string, string> = { program_finished: "Your program has finished" };

export interface AppOptions {
  /** the domain's context, asked for on first use by a route (so /health answers without one) */
  context: () => Context;
  /** what stops this deployment from serving, for /health: names only, never values */
  problems: () => string[];
}

/**
 * The whole site. It takes its context, so it runs the same in Lambda, in the local stack and
 * in tests (with the memory store and an in-memory mailer).
 */
export function createApp({ context, problems }: AppOptions) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set("unknot", context);
    await next();
  });
  app.use(brandedPages);

  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    // path only: the query string carries signed tokens
    log("request", { method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started });
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      // a request names only this origin, never a path (tokens): and so a browser names it in a form post's Origin
      referrerPolicy: "strict-origin",
      // a route may loosen one on purpose (the logo, which webmail pages load from their own origin)
      overwrite: false,
    }),
  );

  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has("cache-control")) c.header("Cache-Control", "no-store");
  });

  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new RequestError(413, "too_large", "That was far more than the form sends. Please use the form on the page.");
      },
    }),
  );

  // not ok (503, naming what is missing, never a value) when the function's configuration is incomplete
  app.get("/health", (c) => {
    const missing = problems();
    return missing.length ? c.json({ ok: false, problems: missing }, 503) : c.json({ ok: true });
  });
  // the brand's accent when the settings have one (they were contrast-checked when read)
  app.get("/assets/style.css", (c) =>
    c.body(stylesFor(brandFor(c)?.accent), 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" }),
  );
  app.on("GET", ["/assets/icon.svg", "/favicon.ico"], (c) =>
    c.body(iconFor(brandFor(c)?.accent), 200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" }),
  );
  // the operator's logo, for the pages and (by its absolute URL) the emails, which a webmail page loads from its own origin
  app.get(LOGO_PATH, (c) => {
    const logo = brandFor(c)?.logo;
    if (!logo) return c.notFound();
    return c.body(Buffer.from(logo.data, "base64"), 200, {
      "Content-Type": "image/png",
      "Cache-Control": "public, max-age=86400",
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
  });
  for (const [name, script] of [["tz", timeZoneScript], ["advice", adviceScript]] as const) {
    app.get(`/assets/${name}.js`, (c) =>
      c.body(script, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600" }),
    );
  }

  app.route("/", signupRoutes);
  app.route("/", confirmRoutes);
  app.route("/", unsubscribeRoutes);
  app.route("/", checkinRoutes);
  app.route("/", checkedRoutes);
  app.route("/", outcomeRoutes);
  app.route("/", pauseRoutes);
  app.route("/", personalDataRoutes);

  app.notFound((c) =>
    c.html(
      <MessagePage title="Page not found">
        <p>
          There's nothing here. <a href="/">Go to the signup page</a>.
        </p>
      </MessagePage>,
      404,
    ),
  );

  app.onError((error, c) => {
    const visible = visibleError(error);
    if (visible) {
      return c.html(
        <MessagePage title={titles[visible.code] ?? (visible.status === 410 ? "This link has run out" : "Something isn't right")}>
          <p>{visible.message}</p>
          <p>
            <a href="/">Sign up again</a>
          </p>
        </MessagePage>,
        visible.status,
      );
    }
    log("error", { path: c.req.path, error: error.name, message: error.message }, "error");
    return c.html(
      <MessagePage title="Sorry, something went wrong">
        <p>Please try again in a few minutes.</p>
      </MessagePage>,
      500,
    );
  });

  return app;
}
