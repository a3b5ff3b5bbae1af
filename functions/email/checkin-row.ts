import type { Part } from "./compiled";
import { escapeHtml } from "./fill";
import { box, layoutTable } from "./html";
import type { EmailLinks } from "./inputs";
import { HIGHEST_SCORE, PER_ROW, RANGE, SCALE, SCORE_ROWS } from "./pain-scale";
import { light } from "./palette";
import { BOXES } from "./styles";

/** A score is a tile a thumb can hit; dark mode restyles it by its class. */
const SCORE_LINK = `display:block;padding:13px 0;border:1px solid ${light.accent};border-radius:6px;background-color:${light.card};color:${light.accent};font-size:18px;font-weight:700;line-height:18px;text-decoration:none;`;
const CELL_WIDTH = `${100 / PER_ROW}%`;

const cell = (href: string, score: number) =>
  `<td width="${CELL_WIDTH}" align="center" style="padding:4px;"><a href="${escapeHtml(href)}" title="${score} out of ${HIGHEST_SCORE}" class="u-score" style="${SCORE_LINK}">${score}</a></td>`;

/**
 * The check-in: a link for every score on the scale, in rows of four, each signed for this
 * subscriber, this week and that score. The plain text has one link, to the check-in page,
 * instead of eleven. `last`: the last email, where the page shows the whole trend.
 */
export function checkinRow(week: number, links: Pick<EmailLinks, "checkin">, last: boolean): Part {
  // two presses, said as two: the number, then the button on the page it opens
  const promise = last
    ? "Then press Save on the page that opens: it shows your whole trend."
    : "Then press Save on the page that opens. Your last email shows how your weeks went.";
  const row = (scores: readonly number[]) =>
    `<tr>${scores.map((score) => cell(links.checkin(week, score), score)).join("")}${`<td width="${CELL_WIDTH}"></td>`.repeat(PER_ROW - scores.length)}</tr>`;
  const html = box(
    BOXES.checkin,
    `<p style="margin:0 0 4px;font-size:17px;font-weight:700;">How is your back this week?</p>` +
      `<p style="margin:0 0 8px;font-size:15px;color:${light.muted};">Tap a number (${SCALE}). ${promise}</p>` +
      layoutTable(SCORE_ROWS.map(row).join(""), "max-width:360px;"),
    { margin: "8px 0 16px", padding: "16px 12px" },
  );
  const text = `How is your back this week? Choose a number ${RANGE} (${SCALE}) on this page: ${links.checkin(week)}`;
  return { html, text };
}
