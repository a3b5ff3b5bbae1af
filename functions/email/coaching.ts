import { checkinRow } from "./checkin-row";
import { endQuestions } from "./outcome-questions";
import type { Part } from "./compiled";
import { escapeHtml } from "./fill";
import type { EmailLinks, Recipient, Trend } from "./inputs";
import { HIGHEST_SCORE } from "./pain-scale";
import type { Extras } from "./program-email";
import { quotedNote } from "./quoted-note";
import { TEXT } from "./styles";
import { trendChart } from "./trend-chart";
import { summaryOf } from "./trend-words";

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
      `Your back still hurts quite a lot (${last.score} out of ${HIGHEST_SCORE} in week ${last.week}). Please see a doctor or physiotherapist, and take this chart with you. The practices can still help alongside.`,
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

/** The subscriber's own "what helped this week?" answers, in their words (and never a link: `quotedNote`). */
function helped(subscriber: Pick<Recipient, "checkins">, trend: Trend): Part {
  const notes = trend.weeks.flatMap(({ week }) => {
    const note = quotedNote(subscriber.checkins?.[String(week)]?.note ?? "");
    return note ? [{ week, note }] : [];
  });
  if (notes.length === 0) return { html: "", text: "" };
  const intro = "What you told us helped:";
  return {
    html: `<p style="margin:0 0 8px;">${intro}</p><ul style="${TEXT.ul}">${notes
      .map(({ week, note }) => `<li style="${TEXT.li}">Week ${week}: ${escapeHtml(note)}</li>`)
      .join("")}</ul>`,
    text: [intro, ...notes.map(({ week, note }) => `- Week ${week}: ${note}`)].join("\n"),
  };
}

/** The last email's look back: the subscriber's weekly scores, in words and in a chart. */
function trendPart(subscriber: Pick<Recipient, "checkins">, trend: Trend): Part {
  const heading = "Looking back on your weeks";
  const summary = trend.last ? summaryOf(trend) : "";
  const graph = trend.last ? trendChart(trend) : { html: "", text: "" };
  const words = advice(trend);
  const own = helped(subscriber, trend);
  const paragraphs = (lines: string[]) => lines.map((line) => `<p style="${TEXT.p}">${escapeHtml(line)}</p>`).join("");
  return {
    html: `<h2 style="${TEXT.h2}">${heading}</h2>${paragraphs(summary ? [summary] : [])}${graph.html}${paragraphs(words)}${own.html}`,
    text: [heading, summary, graph.text, ...words, own.text].filter(Boolean).join("\n\n"),
  };
}

/**
 * The coaching parts of a program email: the weekly check-in row and, in the last email (the
 * one the use case passes the trend so far for), the look back and the end questions.
 */
export function coachingExtras(
  subscriber: Pick<Recipient, "checkins">,
  week: number,
  links: Pick<EmailLinks, "checkin" | "end">,
  trend?: Trend,
): Extras {
  return {
    checkin: checkinRow(week, links, trend !== undefined),
    trend: trend ? trendPart(subscriber, trend) : undefined,
    outcomes: trend ? endQuestions(links) : undefined,
  };
}
