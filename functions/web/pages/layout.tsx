import type { Child } from "hono/jsx";
import { raw } from "hono/html";

/** The app's own scripts (served from /assets, so the CSP stays `script-src 'self'`); every page works without them. */
export type PageScript = "tz" | "advice";

export function Layout(props: { title: string; children: Child; scripts?: readonly PageScript[] }) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
        <title>{`${props.title} · unknot`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        {props.scripts?.map((name) => <script src={`/assets/${name}.js`} defer />)}
      </head>
      <body>
        <header class="brand">unknot</header>
        <main id="main">{props.children}</main>
        <footer>
          <p>
            unknot shares general information about stress and back pain. It is not medical advice and does not replace
            a doctor or physiotherapist.
          </p>
        </footer>
      </body>
      </html>
    </>
  );
}
