/** The only CSS and script the pages use, served from the app itself so the CSP can stay strict. */
export const styles = `
:root{--ink:#1f2933;--muted:#52606d;--line:#cbd2d9;--bg:#f7f5f2;--card:#fff;--accent:#22577a;--warn:#8a3b12;--warnbg:#fff4e5;--urgent:#9b1c1c;--urgentbg:#fdecec;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0;line-height:1.55;font-size:1.0625rem}
main{max-width:38rem;margin:0 auto;padding:1.25rem 1rem 3rem}
header.brand{font-weight:700;letter-spacing:.02em;color:var(--accent);padding:1rem 1rem 0;max-width:38rem;margin:0 auto}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
p,li{max-width:65ch}
a{color:var(--accent)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem 1.1rem;margin:1rem 0}
fieldset{border:1px solid var(--line);border-radius:.75rem;padding:.75rem 1rem 1rem;margin:1.25rem 0;background:var(--card)}
legend{font-weight:700;padding:0 .25rem}
.hint{color:var(--muted);font-size:.95rem;margin:.25rem 0 .5rem}
.check{display:flex;gap:.6rem;align-items:flex-start;padding:.45rem 0}
.check input{width:1.35rem;height:1.35rem;margin:.15rem 0 0;flex:none;accent-color:var(--accent)}
label.field{display:block;font-weight:700;margin:1rem 0 .35rem}
input[type=email],input[type=text],textarea{width:100%;font:inherit;padding:.65rem .75rem;border:2px solid var(--line);border-radius:.5rem;background:#fff;color:var(--ink)}
button{font:inherit;font-weight:700;color:#fff;background:var(--accent);border:0;border-radius:.6rem;padding:.8rem 1.3rem;cursor:pointer;min-height:2.75rem}
button.secondary{background:#fff;color:var(--accent);border:2px solid var(--accent)}
:focus-visible{outline:3px solid #f0b429;outline-offset:2px}
.error{color:var(--urgent);font-weight:600;margin:.25rem 0}
.errors{border:2px solid var(--urgent);background:var(--urgentbg);border-radius:.75rem;padding:.75rem 1rem}
.flag-soon{border-left:6px solid var(--warn);background:var(--warnbg)}
.flag-urgent{border-left:6px solid var(--urgent);background:var(--urgentbg)}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
footer{color:var(--muted);font-size:.9rem;max-width:38rem;margin:0 auto;padding:0 1rem 2rem}
`.trim();

/** Fills the hidden time-zone field from the browser; without JavaScript the server assumes UTC. */
export const timeZoneScript = `
(function(){var f=document.querySelector('input[name="tz"]');if(!f)return;try{f.value=Intl.DateTimeFormat().resolvedOptions().timeZone||"UTC"}catch(e){}})();
`.trim();
