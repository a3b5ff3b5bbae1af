import type { Stats } from "../stats/figures";
import { count, isSmall, score, SUPPRESSED } from "./cells";
import { ACCENT, BAND, INK } from "./charts";
import { chartOf, omitted, type Section } from "./section";

/** What the weekly check-ins say: pain per program week. */

export function pain(stats: Stats): Section {
  const shown = stats.weeks.filter((w) => !isSmall(w.checkins) && w.meanScore !== null);
  return {
    id: "pain",
    heading: "Weekly check-ins: pain by program week",
    intro: [
      "The weekly check-in asks “how is your back this week?” from 0 (no pain) to 10 (worst imaginable). The line is the mean score among those who checked in that week, the band its 95 % confidence interval (a t-interval: mean ± t × standard deviation / √n), the red crosses the median. Weeks with fewer than 5 check-ins are left blank.",
      "Different people check in each week, so a change from week to week is partly a change in who answered. The outcome questions above compare the same people before and after.",
    ],
    chart: chartOf(shown.length, "check-ins", () => ({
      id: "pain-chart",
      title: "Mean and median pain score per program week, with a 95 % confidence band",
      description: `Line chart of mean pain score (0–10) by week: ${shown
        .map((w) => `week ${w.week} mean ${w.meanScore!.toFixed(1)} (n ${w.checkins})`)
        .join(", ")}. ${omitted("check-ins")}`,
      spec: {
        // every week, so a suppressed one shows as a gap rather than vanishing from the axis
        data: {
          values: stats.weeks.map((w) =>
            shown.includes(w) ? w : { week: w.week, meanScore: null, medianScore: null, meanLow: null, meanHigh: null },
          ),
        },
        encoding: { x: { field: "week", type: "ordinal", title: "program week", axis: { labelAngle: 0 } } },
        layer: [
          {
            mark: { type: "area", color: BAND, opacity: 0.8 },
            encoding: {
              y: { field: "meanLow", type: "quantitative", title: "pain score (0–10)", scale: { domain: [0, 10] } },
              y2: { field: "meanHigh" },
            },
          },
          {
            mark: { type: "line", color: INK, strokeWidth: 2, point: { color: INK, filled: true, size: 30 } },
            encoding: { y: { field: "meanScore", type: "quantitative" } },
          },
          {
            mark: { type: "point", shape: "cross", color: ACCENT, filled: true, size: 60 },
            encoding: { y: { field: "medianScore", type: "quantitative" } },
          },
        ],
      },
    })),
    table: {
      caption: "Pain score per week among those who checked in",
      head: ["Week", "Check-ins (n)", "Mean", "95 % CI of the mean", "Median"],
      rows: stats.weeks.map((w) => [
        String(w.week),
        count(w.checkins),
        score(w.meanScore, w.checkins),
        isSmall(w.checkins) ? SUPPRESSED : `${score(w.meanLow, w.checkins)} to ${score(w.meanHigh, w.checkins)}`,
        score(w.medianScore, w.checkins),
      ]),
    },
  };
}
