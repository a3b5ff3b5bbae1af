import { dark, light } from "../email/palette";

/** An accent colour in place of the palette's, per scheme (the brand's, checked for contrast when the settings were read). */
export type Accent = { light: string; dark: string };

const vars = (p: Record<keyof typeof light, string>) =>
  `--ink:${p.ink};--muted:${p.muted};--line:${p.line};--bg:${p.bg};--card:${p.card};--accent:${p.accent};--on-accent:${p.onAccent};--soft:${p.soft};--warn:${p.soon};--warnbg:${p.soonBg};--urgent:${p.urgent};--urgentbg:${p.urgentBg}`;

/**
 * The only CSS and script the pages use, served from the app itself so the CSP can stay strict.
 * The colours are the emails' palette, light and dark, with the brand's accent when it has one.
 */
export const stylesFor = (accent?: Accent) => `
:root{color-scheme:light dark;${vars({ ...light, ...(accent && { accent: accent.light }) })};font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
@media (prefers-color-scheme:dark){:root{${vars({ ...dark, ...(accent && { accent: accent.dark }) })}}}
*{box-sizing:border-box}
body{margin:0;line-height:1.55;font-size:1.0625rem}
main{max-width:38rem;margin:0 auto;padding:1.25rem 1rem 3rem}
header.brand{font-weight:700;letter-spacing:.02em;color:var(--accent);padding:1rem 1rem 0;max-width:38rem;margin:0 auto}
header.brand img{display:block;max-width:100%;height:auto}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
p,li{max-width:65ch}
a{color:var(--accent)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem 1.1rem;margin:1rem 0}
.card h2{margin-top:.25rem}
fieldset{border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:1.25rem 0;background:var(--card);min-width:0}
legend{float:left;width:100%;font-weight:700;padding:0;margin:0 0 .35rem}
legend+*{clear:both}
.hint{color:var(--muted);font-size:.95rem;margin:.25rem 0 .5rem}
.check{display:flex;gap:.6rem;align-items:flex-start;padding:.45rem 0}
.check input{width:1.35rem;height:1.35rem;margin:.15rem 0 0;flex:none;accent-color:var(--accent)}
.scale{display:grid;grid-template-columns:repeat(4,1fr);gap:.5rem;margin:.5rem 0}
.score{display:flex;align-items:center;justify-content:center;gap:.45rem;min-height:3rem;border:2px solid var(--line);border-radius:.5rem;font-weight:700;font-size:1.125rem;cursor:pointer}
.score input{width:1.25rem;height:1.25rem;margin:0;accent-color:var(--accent)}
.score:has(input:checked){border-color:var(--accent);background:var(--soft)}
label.field{display:block;font-weight:700;margin:1rem 0 .35rem}
select,input[type=email],input[type=text],textarea{width:100%;font:inherit;padding:.65rem .75rem;border:2px solid var(--line);border-radius:.5rem;background:var(--card);color:var(--ink)}
button{font:inherit;font-weight:700;color:var(--on-accent);background:var(--accent);border:0;border-radius:.6rem;padding:.8rem 1.3rem;cursor:pointer;min-height:2.75rem}
button.secondary,a.button.secondary{background:var(--card);color:var(--accent);border:2px solid var(--accent)}
a.button{display:inline-block;font-weight:700;text-decoration:none;border-radius:.6rem;padding:.65rem 1.3rem;min-height:2.75rem}
:focus-visible{outline:3px solid #f0b429;outline-offset:2px}
.error{color:var(--urgent);font-weight:600;margin:.25rem 0}
.errors{border:2px solid var(--urgent);background:var(--urgentbg);border-radius:.75rem;padding:.75rem 1rem}
.flag-soon{border-left:6px solid var(--warn);background:var(--warnbg)}
.flag-urgent{border-left:6px solid var(--urgent);background:var(--urgentbg)}
[hidden]{display:none!important}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
footer{color:var(--muted);font-size:.9rem;max-width:38rem;margin:0 auto;padding:0 1rem 2rem}
footer a{color:var(--muted)}
`.trim();

/** The favicon: a loosened knot on the accent colour. */
export const iconFor = (accent?: Accent) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="${accent?.light ?? light.accent}"/><path d="M7 20c4-9 14-9 18 0M7 12c4 9 14 9 18 0" fill="none" stroke="${light.onAccent}" stroke-width="3" stroke-linecap="round"/></svg>`;

/** Fills the hidden time-zone field from the browser; without JavaScript the server assumes UTC. */
export const timeZoneScript = `
(function(){var f=document.querySelector('input[name="tz"]');if(!f)return;try{f.value=Intl.DateTimeFormat().resolvedOptions().timeZone||"UTC"}catch(e){}})();
`.trim();

/**
 * Shows the advice for each warning sign as soon as its box is ticked (and hides it when it is
 * unticked): every page with `input[name="flags"]` boxes renders every sign's advice in
 * `[data-advice]` regions, hidden until ticked (see pages/advice.tsx). Without JavaScript the
 * page the form posts to shows the advice first.
 */
export const adviceScript = `
(function(){var boxes=document.querySelectorAll('input[name="flags"]');var regions=document.querySelectorAll('[data-advice]');if(!boxes.length||!regions.length)return;
var each=function(list,fn){Array.prototype.forEach.call(list,fn)};
function update(){var ticked={};each(boxes,function(b){if(b.checked)ticked[b.value]=true});
each(regions,function(region){each(region.querySelectorAll('[data-tier]'),function(tier){var shown=false;
each(tier.querySelectorAll('[data-sign]'),function(item){var on=ticked[item.getAttribute('data-sign')]===true;item.hidden=!on;if(on)shown=true});
tier.hidden=!shown})})}
each(boxes,function(b){b.addEventListener('change',update)})})();
`.trim();
