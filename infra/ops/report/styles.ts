/** The report's stylesheet, inlined: system fonts, readable on a phone, plain on paper. */
export const styles = `
:root { color: #1d1d1d; background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
p { max-width: 42rem; }
.caveat { border-left: 4px solid #b5472b; background: #fbf1ec; padding: 0.25rem 1rem; margin: 1rem 0; }
.caveat h2 { margin-top: 0.75rem; }
figure.chart { margin: 1rem 0; }
/* drawn no wider than a phone's column, so on a phone it is never scaled down (its text stays 12 px) */
figure.chart svg { display: block; width: 100%; max-width: 32rem; height: auto; }
.no-chart { color: #444; font-style: italic; }
/*
 * A table wider than the screen scrolls inside its box, and says so: a shadow on the side
 * where there is more (the white covers scroll with the table, the shadows stay put).
 */
.table {
  overflow-x: auto;
  background:
    linear-gradient(to right, #fff 30%, rgba(255, 255, 255, 0)) left center / 2.5rem 100% no-repeat local,
    linear-gradient(to left, #fff 30%, rgba(255, 255, 255, 0)) right center / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.3), rgba(0, 0, 0, 0)) left center / 0.9rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.3), rgba(0, 0, 0, 0)) right center / 0.9rem 100% no-repeat scroll;
}
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #d6d6d6; text-align: right; vertical-align: top; }
th[scope="row"], thead th:first-child { text-align: left; font-weight: normal; }
thead th { font-weight: 600; border-bottom: 2px solid #999; }
footer { margin-top: 2rem; font-size: 0.9rem; color: #444; }
code { font-size: 0.95em; }
@media (max-width: 30rem) {
  body { padding: 0.75rem; }
  th, td { padding: 0.25rem 0.2rem; font-size: 0.8rem; }
  th[scope="row"], thead th:first-child { padding-left: 0; }
}
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  section { break-inside: avoid; }
  .caveat { background: none; }
  .table { overflow: visible; background: none; }
}
`;
