import { SMALL_CELL, thresholds, type Stats } from "../stats/figures";
import { isSmall, percentOf, SUPPRESSED } from "./cells";
import { ACCENT, INK } from "./charts";
import { chartOf, type Section } from "./section";

/** From this share of a limit up, a rate is "near the limit": time to look, before a provider does. */
const NEAR_LIMIT = 0.5;

/** What a rate (or, with fewer than SMALL_CELL events, its upper bound) says against a limit. */
function verdictOf(limit: number, rate: number | null, bound: number | null): string {
  if (rate !== null) return rate >= limit ? "at or over the limit" : rate >= NEAR_LIMIT * limit ? "near the limit" : "below the limit";
  if (bound === null) return "can't tell yet";
  return bound < NEAR_LIMIT * limit ? "below the limit" : "can't tell yet";
}

/** Bounce and complaint rates against what AWS and the big mailbox providers enforce. */
export function deliverability(stats: Stats): Section {
  const { emailsSent, bounced, complained } = stats.deliverability;
  // the number of emails is about the people they went to: with fewer than SMALL_CELL of them, it says nothing
  const known = !isSmall(stats.subscribers) && emailsSent > 0;
  const measures = [
    { measure: "Bounce rate", limit: thresholds.awsBounce, rule: "AWS SES review", label: "bounces, AWS", part: bounced.count },
    { measure: "Complaint rate", limit: thresholds.awsComplaint, rule: "AWS SES review", label: "complaints, AWS", part: complained.count },
    { measure: "Complaint rate", limit: thresholds.gmailYahooSpam, rule: "Gmail and Yahoo", label: "spam, Gmail/Yahoo", part: complained.count },
  ];
  /** With fewer than SMALL_CELL events only an upper bound is shown: under SMALL_CELL / emails sent. */
  const bound = known ? SMALL_CELL / emailsSent : null;
  const rows = measures.map(({ measure, limit, rule, part }) => {
    const rate = known && !isSmall(part) ? part / emailsSent : null;
    const shown = rate !== null ? percentOf(rate, 2) : bound !== null ? `${SUPPRESSED} (under ${percentOf(bound, 2)})` : SUPPRESSED;
    return [measure, shown, `${percentOf(limit, 1)} (${rule})`, verdictOf(limit, rate, bound)];
  });
  const chartable = known ? measures.filter((m) => !isSmall(m.part)) : [];
  return {
    id: "deliverability",
    heading: "Deliverability",
    intro: [
      `Hard bounces and spam complaints as a share of the ${known ? emailsSent.toLocaleString("en-US") : SUPPRESSED} emails sent (program emails and follow-ups, plus one confirmation email per signup: a lower bound, so the rates may read a little high). AWS reviews an account at a 5 % bounce rate or a 0.1 % complaint rate; Gmail and Yahoo require bulk senders to stay under 0.3 % spam complaints. From half of a limit up the verdict says “near the limit”: look at it before a provider does. The SES console's reputation page has AWS's own figures.`,
    ],
    chart: chartOf(chartable.length, "bounces and complaints", () => ({
      id: "deliverability-chart",
      title: "Bounce and complaint rates as a share of each provider's limit",
      width: 150,
      description: `Bar chart, where 100 % is the limit: ${chartable
        .map((m) => `${m.measure.toLowerCase()} against ${m.rule} ${percentOf(m.part / emailsSent / m.limit, 0)} of the limit`)
        .join(", ")}.`,
      spec: {
        data: { values: chartable.map((m) => ({ measure: m.label, ofLimit: m.part / emailsSent / m.limit })) },
        layer: [
          {
            mark: { type: "bar", color: INK },
            encoding: {
              y: { field: "measure", type: "nominal", sort: null, title: null, axis: { labelLimit: 150 } },
              x: { field: "ofLimit", type: "quantitative", title: "share of the limit", axis: { format: ".0%", tickCount: 4 } },
            },
          },
          { mark: { type: "rule", color: ACCENT, strokeWidth: 2, strokeDash: [4, 3] }, encoding: { x: { datum: NEAR_LIMIT } } },
          { mark: { type: "rule", color: ACCENT, strokeWidth: 2 }, encoding: { x: { datum: 1 } } },
        ],
      },
    })),
    table: { caption: "Bounce and complaint rates against the limits", head: ["Measure", "Rate", "Limit", "Verdict"], rows },
  };
}
