import type { Part } from "./compiled";
import { layoutTable } from "./html";
import type { Trend } from "./inputs";
import { HIGHEST_SCORE, LOWEST_SCORE, SCALE, SCORES } from "./pain-scale";
import { light } from "./palette";
import { FONT } from "./styles";

const POINT_WIDTH = `${100 / (HIGHEST_SCORE - LOWEST_SCORE)}%`;

/** One cell a point above the lowest score: lit up to the week's score, a track after it. */
const bar = (score: number) =>
  SCORES.filter((point) => point > LOWEST_SCORE)
    .map((point) => {
      const [colour, className] = point <= score ? [light.bar, "u-bar-on"] : [light.track, "u-bar-off"];
      return `<td width="${POINT_WIDTH}" height="16" bgcolor="${colour}" class="${className}" style="background-color:${colour};border-right:2px solid ${light.card};font-size:0;line-height:0;">&nbsp;</td>`;
    })
    .join("");

const row = ({ week, score }: Trend["weeks"][number]) =>
  `<tr><td width="72" style="padding:3px 8px 3px 0;white-space:nowrap;color:${light.muted};">Week ${week}</td>` +
  (score === undefined
    ? `<td style="padding:3px 0;font-size:14px;font-style:italic;color:${light.muted};">no check-in</td><td width="32" align="right" style="padding:3px 0 3px 8px;color:${light.muted};">–</td>`
    : `<td style="padding:3px 0;">${layoutTable(`<tr>${bar(score)}</tr>`, undefined, 'aria-hidden="true"')}</td><td width="32" align="right" style="padding:3px 0 3px 8px;font-weight:700;">${score}</td>`) +
  `</tr>`;

/** A bar of table cells per week; a week without a check-in says so instead of showing zero. */
export function trendChart(trend: Pick<Trend, "weeks">): Part {
  const html =
    layoutTable(trend.weeks.map(row).join(""), `margin:0 0 8px;font-family:${FONT};font-size:15px;color:${light.ink};`) +
    `<p style="margin:0 0 16px;font-size:14px;color:${light.muted};">One row per week: ${SCALE}. A shorter bar means less pain.</p>`;
  const text = trend.weeks
    .map(({ week, score }) => (score === undefined ? `Week ${week}: no check-in` : `Week ${week}: ${score}  ${"█".repeat(score)}`))
    .join("\n");
  return { html, text: `${text}\n(${SCALE})` };
}
