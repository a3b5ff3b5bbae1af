import { MEANINGFUL_FALL, type Stats } from "../stats/figures";
import type { Answer } from "../../../functions/domain/subscriber/self-check";
import { count, isSmall, percentOf, score, share, SUPPRESSED } from "./cells";
import { ACCENT, BAND, INK } from "./charts";
import { omitted, type Section } from "./section";

/** What the check-ins say: pain per week, and who improved. */

/** Short names of the self-check statements, for narrow tables and chart axes. */
const answerNames: Record<Answer, string> = {
  rest: "pain despite rest",
  morning: "morning pain",
  chronic: "long-lasting pain",
  location: "pain moves around",
  mood: "pain follows mood",
  appetite: "low appetite",
  fatigue: "easily tired",
  sleep: "trouble sleeping",
};

export function pain(stats: Stats): Section {
  const shown = stats.weeks.filter((w) => !isSmall(w.checkins) && w.meanScore !== null);
  return {
    id: "pain",
    heading: "Pain scores by program week",
    intro: [
      "The weekly check-in asks “how is your back this week?” from 0 (no pain) to 10 (worst imaginable). The line is the mean score among those who checked in that week, the band its 95 % confidence interval (a t-interval: mean ± t × standard deviation / √n), the red crosses the median. Weeks with fewer than 5 check-ins are left blank.",
      "Different people check in each week, so a change from week to week is partly a change in who answered.",
    ],
    chart: {
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
    },
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

export function change(stats: Stats): Section {
  const groups = [
    { group: "everyone", ...stats.change },
    ...stats.changeByAnswer.map(({ answer, ...c }) => ({ group: answerNames[answer], ...c })),
  ];
  const shown = groups.filter((g) => !isSmall(g.n, g.fell));
  return {
    id: "change",
    heading: `Whose score fell by ${MEANINGFUL_FALL} points or more`,
    intro: [
      `Among subscribers with at least two check-ins: the share whose last score was at least ${MEANINGFUL_FALL} points below their first (a common threshold for a meaningful change on a 0–10 pain scale), for everyone and by what they ticked in the self-check. Someone who ticked several statements counts in each of those rows.`,
    ],
    chart: {
      id: "change-chart",
      title: `Share of subscribers whose pain score fell by ${MEANINGFUL_FALL} or more`,
      width: 180,
      description: `Bar chart: ${shown.map((g) => `${g.group} ${percentOf(g.share, 0)} of ${g.n}`).join(", ")}. ${omitted("subscribers")}`,
      spec: {
        data: { values: shown.map(({ group, share }) => ({ group, share })) },
        mark: { type: "bar", color: INK },
        encoding: {
          y: { field: "group", type: "nominal", sort: null, title: null, axis: { labelLimit: 200 } },
          x: { field: "share", type: "quantitative", title: "share", axis: { format: ".0%" }, scale: { domain: [0, 1] } },
        },
      },
    },
    table: {
      caption: `Fell by ${MEANINGFUL_FALL} or more from first to last check-in (n: subscribers with two or more check-ins)`,
      head: ["Who (what they ticked)", "n", `Fell by ${MEANINGFUL_FALL}+`, "Share"],
      rows: groups.map((g) => [g.group, count(g.n), count(g.fell), share(g.fell, g.n)]),
    },
  };
}
