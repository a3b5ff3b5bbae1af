import type { Stats } from "../stats/figures";
import { count, isSmall, percentOf, share } from "./cells";
import { INK } from "./charts";
import { chartOf, omitted, type Section } from "./section";

/** Who the program reached: steps, check-ins, warning signs, signup months. */

export function reach(stats: Stats): Section {
  const none = { unsubscribed: 0, bounced: 0, complained: 0 };
  const left = (afterWeek: number) => stats.leaving.find((row) => row.afterWeek === afterWeek) ?? none;
  const gone = (l: Partial<typeof none>) => (l.bounced ?? 0) + (l.complained ?? 0);
  const dash = "–";
  // nobody can unsubscribe before confirming, and "completed" is where the program ends
  const stages: { stage: string; reached: number; cells: string[] }[] = [
    { stage: "Signed up", reached: stats.subscribers, cells: [dash, dash, count(gone(stats.beforeConfirming))] },
    { stage: "Confirmed", reached: stats.confirmed.count, cells: [dash, count(left(0).unsubscribed), count(gone(left(0)))] },
    ...stats.weeks.map((w) => ({
      stage: `Week ${w.week}`,
      reached: w.recipients,
      cells: [count(w.finished), count(left(w.week).unsubscribed), count(gone(left(w.week)))],
    })),
    { stage: "Completed", reached: stats.completed.count, cells: [dash, dash, dash] },
    { stage: "of them, a shorter program", reached: stats.completedOnHold, cells: [dash, dash, dash] },
    { stage: "Still in the program", reached: stats.inProgram, cells: [dash, dash, dash] },
  ];
  const shown = stages.slice(0, -2).filter((s) => !isSmall(s.reached));
  return {
    id: "reach",
    heading: "Reach: from signup to the last week",
    intro: [
      "How many people got to each step, how many completed with it, and how many left right after it. Completed means they got the last email of their own program, whatever they did after (someone who unsubscribes after the last email has completed). Someone who ticked an urgent warning sign and never told us a doctor had checked them gets a shorter program: the movement weeks are held back, and one on-hold week comes instead, so their program ends before week 9 (the row “of them, a shorter program”).",
      "People who signed up recently have not had time to reach the later weeks; pick earlier signup months (--to, --cohort) to see finished programs.",
    ],
    chart: chartOf(shown.length, "subscribers", () => ({
      id: "reach-chart",
      title: "Subscribers reaching each step of the program",
      width: 270,
      description: `Bar chart: ${shown.map((s) => `${s.stage} ${s.reached}`).join(", ")}. ${omitted("subscribers")}`,
      spec: {
        data: { values: shown.map(({ stage, reached }) => ({ stage, reached })) },
        mark: { type: "bar", color: INK },
        encoding: {
          x: { field: "stage", type: "nominal", sort: null, title: null, axis: { labelAngle: -45 } },
          y: { field: "reached", type: "quantitative", title: "subscribers", axis: { tickMinStep: 1 } },
        },
      },
    })),
    table: {
      caption: "Subscribers at each step, how many completed with it, and how many left right after it",
      head: ["Step", "Reached", "Com\u00adpleted here", "Unsub\u00adscribed", "Bounced, com\u00adplained"],
      rows: stages.map(({ stage, reached, cells }) => [stage, count(reached), ...cells]),
    },
  };
}

export function engagement(stats: Stats): Section {
  const shown = stats.weeks.filter((w) => !isSmall(w.checkins, w.recipients));
  return {
    id: "engagement",
    heading: "Check-ins: who answered each week",
    intro: ["The share of the people sent a week's email who checked in for that week."],
    chart: chartOf(shown.length, "check-ins", () => ({
      id: "engagement-chart",
      title: "Check-in response rate per program week",
      width: 270,
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
    })),
    table: {
      caption: "Check-ins per program week",
      head: ["Week", "Sent that week", "Checked in", "Response rate"],
      rows: stats.weeks.map((w) => [String(w.week), count(w.recipients), count(w.checkins), share(w.checkins, w.recipients)]),
    },
  };
}

export function redFlags(stats: Stats): Section {
  return {
    id: "red-flags",
    heading: "Warning signs ticked at signup",
    intro: [
      "Signups by the most urgent warning sign they ticked at signup. Everyone who ticked one was told to see a doctor (urgently, today, for the first tier) on the result page and in their emails; signs reported later, at a check-in, are in the next section. Counts by tier only: never who.",
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

export function cohorts(stats: Stats): Section {
  return {
    id: "cohorts",
    heading: "Cohorts by signup month",
    intro: ["The same steps for the people who signed up in each month. Left: before the last email."],
    table: {
      caption: "Subscribers by signup month",
      head: ["Month", "Signed up", "Con\u00adfirmed", "Com\u00adpleted", "Left"],
      rows: stats.cohorts.map((c) => [c.month, count(c.signedUp), count(c.confirmed), count(c.completed), count(c.left)]),
    },
  };
}
