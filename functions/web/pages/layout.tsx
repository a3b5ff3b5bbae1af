import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { LOGO_PATH } from "../../domain/brand";
import { logoSize } from "../../email/brand-parts";
import { useBrand } from "./brand";

/** The page's masthead: the operator's logo (named by its alt text) or their name. */
function Masthead() {
  const brand = useBrand();
  if (!brand.logo) return <header class="brand">{brand.name}</header>;
  const { width, height } = logoSize(brand.logo);
  return (
    <header class="brand">
      <img src={LOGO_PATH} alt={brand.name} width={width} height={height} />
    </header>
  );
}

/** The app's own scripts (served from /assets, so the CSP stays `script-src 'self'`); every page works without them. */
export type PageScript = "tz" | "advice";

export function Layout(props: { title: string; children: Child; scripts?: readonly PageScript[] }) {
  const brand = useBrand();
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
        <title>{`${props.title} · ${brand.name}`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        {props.scripts?.map((name) => <script src={`/assets/${name}.js`} defer />)}
      </head>
      <body>
        <Masthead />
        <main id="main">{props.children}</main>
        <footer>
          {brand.contact && <p class="contact">{brand.contact}</p>}
          {brand.privacyUrl && (
            <p>
              <a href={brand.privacyUrl}>Privacy notice</a>
            </p>
          )}
          <p>
            {brand.name} shares general information about stress and back pain. It is not medical advice and does not
            replace a doctor or physiotherapist.
          </p>
        </footer>
      </body>
      </html>
    </>
  );
}
