import { SMALL_CELL, thresholds, type Stats } from "../stats/figures";
import { isSmall, percentOf, SUPPRESSED } from "./cells";
import { ACCENT, INK } from "./charts";
import type { Section } from "./section";

/** Bounce and complaint rates against what AWS and the big mailbox providers enforce. */
export function deliverability(stats: Stats): Section {
  const { emailsSent, bounced, complained } = stats.deliverability;
  const measures = [
    { measure: "Bounce rate", limit: thresholds.awsBounce, rule: "AWS SES review", label: "bounces (AWS)", part: bounced.count },
    { measure: "Complaint rate", limit: thresholds.awsComplaint, rule: "AWS SES review", label: "complaints (AWS)", part: complained.count },
    { measure: "Complaint rate", limit: thresholds.gmailYahooSpam, rule: "Gmail and Yahoo", label: "spam (Gmail, Yahoo)", part: complained.count },
  ];
  /** With fewer than SMALL_CELL events only an upper bound is shown: under SMALL_CELL / emails sent. */
  const bound = emailsSent ? SMALL_CELL / emailsSent : null;
  const rows = measures.map(({ measure, limit, rule, part }) => {
    const rate = emailsSent ? part / emailsSent : null;
    const upper = isSmall(part) ? bound : rate;
    const verdict = upper === null ? "–" : upper < limit ? "below the limit" : isSmall(part) ? "can't tell yet" : "at or over the limit";
    const shown = isSmall(part) ? `${SUPPRESSED} (under ${percentOf(bound, 2)})` : percentOf(rate, 2);
    return [measure, shown, `${percentOf(limit, 1)} (${rule})`, verdict];
  });
  const chartable = measures.filter((m) => !isSmall(m.part) && emailsSent);
  return {
    id: "deliverability",
    heading: "Deliverability",
    intro: [
      `Hard bounces and spam complaints as a share of the ${emailsSent.toLocaleString("en-US")} emails sent (program emails, plus one confirmation email per signup: a lower bound, so the rates may read a little high). AWS reviews an account at a 5 % bounce rate or a 0.1 % complaint rate; Gmail and Yahoo require bulk senders to stay under 0.3 % spam complaints. The SES console's reputation page has AWS's own figures.`,
    ],
    chart: chartable.length
      ? {
          id: "deliverability-chart",
          title: "Bounce and complaint rates as a share of each provider's limit",
          width: 160,
          description: `Bar chart, where 100 % is the limit: ${chartable
            .map((m) => `${m.measure.toLowerCase()} against ${m.rule} ${percentOf(m.part / emailsSent / m.limit, 0)} of the limit`)
            .join(", ")}.`,
          spec: {
            data: {
              values: chartable.map((m) => ({ measure: m.label, ofLimit: m.part / emailsSent / m.limit })),
            },
            layer: [
              {
                mark: { type: "bar", color: INK },
                encoding: {
                  y: { field: "measure", type: "nominal", sort: null, title: null, axis: { labelLimit: 200 } },
                  x: { field: "ofLimit", type: "quantitative", title: "share of the limit (line: the limit)", axis: { format: ".0%" } },
                },
              },
              { mark: { type: "rule", color: ACCENT, strokeWidth: 2 }, encoding: { x: { datum: 1 } } },
            ],
          },
        }
      : undefined,
    table: { caption: "Bounce and complaint rates against the limits", head: ["Measure", "Rate", "Limit", "Verdict"], rows },
  };
}
