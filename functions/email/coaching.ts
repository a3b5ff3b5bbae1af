import type { Part } from "./compiled";
import { escapeHtml } from "./fill";
import type { EmailLinks, Recipient, Trend } from "./inputs";
import { SCALE, SCORE_ROWS, SCORES } from "./pain-scale";
import { light } from "./palette";
import type { Extras } from "./program-email";
import { summaryOf } from "./trend-words";

/*
 * Everything here is inline-styled and built from tables: many email clients drop <style>
 * blocks and ignore CSS layout. No images, no scripts; every number is a plain link.
 */
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TABLE = `role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"`;
const H2 = `margin:28px 0 12px;font-size:21px;line-height:1.3;font-weight:700;color:${light.ink};`;
const P = "margin:0 0 16px;";

const box = (inner: string) =>
  `<table ${TABLE} style="margin:8px 0 16px;"><tr><td class="u-box" style="background-color:${light.bg};border-radius:6px;padding:16px 12px;font-family:${FONT};color:${light.ink};">${inner}</td></tr></table>`;

/**
 * The check-in: eleven links, 0 to 10, in rows of four, each signed for this subscriber, this
 * week and that score. The plain text has one link, to the check-in page, instead of eleven.
 */
function checkinRow(week: number, links: Pick<EmailLinks, "checkin">, last: boolean): Part {
  const promise = last
    ? "One last tap, and the page shows your whole trend."
    : "One tap, and you'll see your progress at the end of the program.";
  const cell = (score: number) =>
    `<td width="25%" align="center" style="padding:4px;"><a href="${escapeHtml(links.checkin(week, score))}" title="${score} out of 10" class="u-score" style="display:block;padding:13px 0;border:1px solid ${light.accent};border-radius:6px;background-color:${light.card};color:${light.accent};font-size:18px;font-weight:700;line-height:18px;text-decoration:none;">${score}</a></td>`;
  const row = (scores: readonly number[]) =>
    `<tr>${scores.map(cell).join("")}${"<td width=\"25%\"></td>".repeat(4 - scores.length)}</tr>`;
  const html = box(
    `<p style="margin:0 0 4px;font-size:17px;font-weight:700;">How is your back this week?</p>` +
      `<p style="margin:0 0 8px;font-size:15px;color:${light.muted};">Tap a number: ${SCALE}. ${promise}</p>` +
      `<table ${TABLE} style="max-width:360px;">${SCORE_ROWS.map(row).join("")}</table>`,
  );
  const text = `How is your back this week? Choose a number from 0 to 10 (${SCALE}) on this page: ${links.checkin(week)}`;
  return { html, text };
}

/** A bar of ten table cells per week; a week without a check-in says so instead of showing zero. */
function chart(trend: Trend): Part {
  const cells = (score: number) =>
    SCORES.slice(1)
      .map((i) => {
        const [colour, bar] = i <= score ? [light.bar, "u-bar-on"] : [light.track, "u-bar-off"];
        return `<td width="10%" height="16" bgcolor="${colour}" class="${bar}" style="background-color:${colour};border-right:2px solid ${light.card};font-size:0;line-height:0;">&nbsp;</td>`;
      })
      .join("");
  const row = ({ week, score }: Trend["weeks"][number]) =>
    `<tr><td width="72" style="padding:3px 8px 3px 0;white-space:nowrap;color:${light.muted};">Week ${week}</td>` +
    (score === undefined
      ? `<td style="padding:3px 0;font-size:14px;font-style:italic;color:${light.muted};">no check-in</td><td width="32" align="right" style="padding:3px 0 3px 8px;color:${light.muted};">–</td>`
      : `<td style="padding:3px 0;"><table ${TABLE} aria-hidden="true"><tr>${cells(score)}</tr></table></td><td width="32" align="right" style="padding:3px 0 3px 8px;font-weight:700;">${score}</td>`) +
    `</tr>`;
  const html =
    `<table ${TABLE} style="margin:0 0 8px;font-family:${FONT};font-size:15px;color:${light.ink};">${trend.weeks.map(row).join("")}</table>` +
    `<p style="margin:0 0 16px;font-size:14px;color:${light.muted};">One row per week: ${SCALE}. A shorter bar means less pain.</p>`;
  const text = trend.weeks
    .map(({ week, score }) => (score === undefined ? `Week ${week}: no check-in` : `Week ${week}: ${score}  ${"█".repeat(score)}`))
    .join("\n");
  return { html, text: `${text}\n(${SCALE})` };
}

/** What to keep doing, or, if the scores went up or stayed high, a nudge to see a professional. */
function advice(trend: Trend): string[] {
  const { last, direction } = trend;
  if (!last) {
    return [
      "You didn't record any weekly scores, so there's no chart to show, and that's fine.",
      "Think back to how your back felt in the first week and how it feels now. If it's better, keep the practices that helped in your back plan. If it isn't better, or it's worse, please see a doctor or physiotherapist.",
    ];
  }
  if (direction === "up") {
    return [
      "Your scores went up over these weeks. That doesn't mean you did anything wrong, but it is a good reason to have your back looked at. Please see a doctor or physiotherapist, and take this chart with you. The practices can still help alongside.",
    ];
  }
  if (trend.seeProfessional) {
    return [
      `Your back still hurts quite a lot (${last.score} out of 10 in week ${last.week}). Please see a doctor or physiotherapist, and take this chart with you. The practices can still help alongside.`,
    ];
  }
  if (direction === "down") {
    return [
      "Your scores came down over these weeks. If some practices felt useful, put them into your back plan and keep them going, on good days too.",
    ];
  }
  return [
    "Your scores stayed fairly low. Keep the practices that felt good in your back plan, so they are ready for harder days.",
  ];
}

/** The subscriber's own "what helped this week?" answers, in their words. */
function helped(subscriber: Pick<Recipient, "checkins">, trend: Trend): Part {
  const notes = trend.weeks.flatMap(({ week }) => {
    const note = subscriber.checkins?.[String(week)]?.note;
    return note ? [{ week, note }] : [];
  });
  if (notes.length === 0) return { html: "", text: "" };
  const intro = "What you told us helped:";
  return {
    html: `<p style="margin:0 0 8px;">${intro}</p><ul style="margin:0 0 16px;padding-left:24px;">${notes
      .map(({ week, note }) => `<li style="margin:0 0 8px;">Week ${week}: ${escapeHtml(note)}</li>`)
      .join("")}</ul>`,
    text: [intro, ...notes.map(({ week, note }) => `- Week ${week}: ${note}`)].join("\n"),
  };
}

/** The last email's look back: the subscriber's weekly scores, in words and in a chart. */
function trendPart(subscriber: Pick<Recipient, "checkins">, trend: Trend): Part {
  const heading = "Looking back on your weeks";
  const summary = trend.last ? summaryOf(trend) : "";
  const graph = trend.last ? chart(trend) : { html: "", text: "" };
  const words = advice(trend);
  const own = helped(subscriber, trend);
  const paragraphs = (lines: string[]) => lines.map((line) => `<p style="${P}">${escapeHtml(line)}</p>`).join("");
  return {
    html: `<h2 style="${H2}">${heading}</h2>${paragraphs(summary ? [summary] : [])}${graph.html}${paragraphs(words)}${own.html}`,
    text: [heading, summary, graph.text, ...words, own.text].filter(Boolean).join("\n\n"),
  };
}

/**
 * The coaching parts of a program email: the weekly check-in row and, in the last email (the
 * one the use case passes the trend so far for), the look back.
 */
export function coachingExtras(subscriber: Pick<Recipient, "checkins">, week: number, links: Pick<EmailLinks, "checkin">, trend?: Trend): Extras {
  return {
    checkin: checkinRow(week, links, trend !== undefined),
    trend: trend ? trendPart(subscriber, trend) : undefined,
  };
}
