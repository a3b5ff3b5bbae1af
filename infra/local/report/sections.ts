import { MEANINGFUL_FALL, SMALL_CELL, thresholds, type Stats } from "../../../functions/core/stats";
import type { Answer } from "../../../functions/core/self-check";
import { count, isSmall, percentOf, score, share, SUPPRESSED } from "./cells";
import { ACCENT, BAND, INK, type Chart } from "./charts";

/** One part of the report: what it shows, a chart (optional) and the table with its numbers. */
export interface Section {
  id: string;
  heading: string;
  intro: string[];
  chart?: Chart;
  table: { caption: string; head: string[]; rows: string[][] };
}

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

const omitted = (what: string) => `Figures about fewer than ${SMALL_CELL} ${what} are left out of the chart.`;

function reach(stats: Stats): Section {
  const none = { unsubscribed: 0, bounced: 0, complained: 0 };
  const left = (afterWeek: number) => stats.leaving.find((row) => row.afterWeek === afterWeek) ?? none;
  // nobody can unsubscribe before confirming, and "completed" is where the program ends
  const stages: { stage: string; reached: number; left: Partial<typeof none> }[] = [
    { stage: "Signed up", reached: stats.subscribers, left: stats.beforeConfirming },
    { stage: "Confirmed", reached: stats.confirmed.count, left: left(0) },
    ...stats.weeks.map((w) => ({ stage: `Week ${w.week}`, reached: w.recipients, left: left(w.week) })),
    { stage: "Completed", reached: stats.byStatus.completed, left: {} },
  ];
  const leftCell = (n: number | undefined) => (n === undefined ? "–" : count(n));
  const shown = stages.filter((s) => !isSmall(s.reached));
  return {
    id: "reach",
    heading: "Reach: from signup to the last week",
    intro: [
      "How many people got to each step, and how many left right after it. People who signed up recently have not had time to reach the later weeks; pick earlier signup months (--to, --cohort) to see finished programs.",
    ],
    chart: {
      id: "reach-chart",
      title: "Subscribers reaching each step of the program",
      description: `Bar chart: ${shown.map((s) => `${s.stage} ${s.reached}`).join(", ")}. ${omitted("subscribers")}`,
      spec: {
        data: { values: shown.map(({ stage, reached }) => ({ stage, reached })) },
        mark: { type: "bar", color: INK },
        encoding: {
          x: { field: "stage", type: "nominal", sort: null, title: null, axis: { labelAngle: -45 } },
          y: { field: "reached", type: "quantitative", title: "subscribers" },
        },
      },
    },
    table: {
      caption: "Subscribers at each step, and how many left right after it",
      head: ["Step", "Reached", "Unsub\u00adscribed", "Bounced", "Com\u00adplained"],
      rows: stages.map(({ stage, reached, left }) => [
        stage,
        count(reached),
        leftCell(left.unsubscribed),
        leftCell(left.bounced),
        leftCell(left.complained),
      ]),
    },
  };
}

function pain(stats: Stats): Section {
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

function change(stats: Stats): Section {
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

function engagement(stats: Stats): Section {
  const shown = stats.weeks.filter((w) => !isSmall(w.checkins, w.recipients));
  return {
    id: "engagement",
    heading: "Check-ins: who answered each week",
    intro: ["The share of the people sent a week's email who checked in for that week."],
    chart: {
      id: "engagement-chart",
      title: "Check-in response rate per program week",
      description: `Bar chart: ${shown.map((w) => `week ${w.week} ${percentOf(w.responseRate, 0)}`).join(", ")}. ${omitted("check-ins")}`,
      spec: {
        data: { values: shown.map(({ week, responseRate }) => ({ week, responseRate })) },
        mark: { type: "bar", color: INK },
        encoding: {
          // suppressed weeks stay on the axis, empty
          x: { field: "week", type: "ordinal", title: "program week", axis: { labelAngle: 0 }, scale: { domain: stats.weeks.map((w) => w.week) } },
          y: { field: "responseRate", type: "quantitative", title: "responded", axis: { format: ".0%" }, scale: { domain: [0, 1] } },
        },
      },
    },
    table: {
      caption: "Check-ins per program week",
      head: ["Week", "Sent that week", "Checked in", "Response rate"],
      rows: stats.weeks.map((w) => [String(w.week), count(w.recipients), count(w.checkins), share(w.checkins, w.recipients)]),
    },
  };
}

function redFlags(stats: Stats): Section {
  return {
    id: "red-flags",
    heading: "Warning signs ticked at signup",
    intro: [
      "Signups by the most urgent warning sign they ticked. Everyone who ticked one was told to see a doctor (urgently, today, for the first tier) on the result page and in their emails. Counts by tier only: never who.",
    ],
    table: {
      caption: "Signups by warning-sign tier",
      head: ["Tier", "Signups"],
      rows: [
        ["urgent: medical help today", count(stats.redFlags.urgent)],
        ["see a doctor soon", count(stats.redFlags.soon)],
        ["none ticked", count(stats.redFlags.none)],
      ],
    },
  };
}

function cohorts(stats: Stats): Section {
  return {
    id: "cohorts",
    heading: "Cohorts by signup month",
    intro: ["The same steps for the people who signed up in each month."],
    table: {
      caption: "Subscribers by signup month",
      head: ["Month", "Signed up", "Confirmed", "Got week 1", "Completed", "Left", `Fell by ${MEANINGFUL_FALL}+ (of n)`],
      rows: stats.cohorts.map((c) => [
        c.month,
        count(c.signedUp),
        count(c.confirmed),
        count(c.receivedWeek1),
        count(c.completed),
        count(c.left),
        isSmall(c.change.n, c.change.fell) ? SUPPRESSED : `${share(c.change.fell, c.change.n)} of ${count(c.change.n)}`,
      ]),
    },
  };
}

function deliverability(stats: Stats): Section {
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

/** The report's sections, in reading order. */
export const sectionsOf = (stats: Stats): Section[] => [
  reach(stats),
  pain(stats),
  change(stats),
  engagement(stats),
  redFlags(stats),
  cohorts(stats),
  deliverability(stats),
];
