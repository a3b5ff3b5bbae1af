import type { Stats } from "../stats/figures";
import { LOW_PAIN, THRESHOLDS, type Responder, type Timepoint } from "../stats/outcomes";
import type { Proportion } from "../stats/statistics";
import type { Answer, Urgency } from "../../../functions/domain/subscriber/self-check";
import { IMPRESSION_QUESTION, impressions } from "../../../functions/email/outcome-measures";
import { count, isSmall, meanChange, percentOf, proportion } from "./cells";
import { ACCENT, INK } from "./charts";
import { chartOf, omitted, type Section } from "./section";

/** What the outcome questions say: does the program help the people who take it? */

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

const tierNames: Record<Urgency, string> = {
  urgent: "warning sign: urgent",
  soon: "warning sign: see a doctor soon",
  none: "no warning sign",
};

const [moderate, substantial] = THRESHOLDS;

/** Each responder outcome: its row in the tables, and its name on a chart's axis. */
const outcomeRows: { responder: Responder; row: string; short: string }[] = [
  { responder: "pain30", row: `≥ ${moderate} % less pain than at signup`, short: `≥${moderate}% less pain` },
  { responder: "pain50", row: `≥ ${substantial} % less pain than at signup`, short: `≥${substantial}% less pain` },
  { responder: "lowPain", row: `Pain 0 or ${LOW_PAIN} out of 10`, short: `pain 0–${LOW_PAIN}` },
  { responder: "muchBetter", row: "Back “much better” overall", short: "much better" },
  { responder: "better", row: "Back “much” or “a little better”", short: "better" },
];

const ANALYSES = ["intention to treat", "completers"] as const;

/** Intention to treat and completers side by side, for each outcome. */
function responderTable(t: Timepoint, caption: string): Section["table"] {
  return {
    caption,
    head: ["Outcome", "Intention to treat", "Completers"],
    rows: outcomeRows.map(({ responder, row }) => [row, proportion(t.itt[responder]), proportion(t.completers[responder])]),
  };
}

/** Each share that isn't suppressed, with its interval, for the responders chart. */
function points(t: Timepoint) {
  const shown = (p: Proportion) => !isSmall(p.count, p.n) && p.rate !== null;
  return outcomeRows.flatMap(({ responder, short }) =>
    ANALYSES.flatMap((analysis) => {
      const p = analysis === "completers" ? t.completers[responder] : t.itt[responder];
      return shown(p) ? [{ outcome: short, analysis, rate: p.rate, low: p.low, high: p.high }] : [];
    }),
  );
}

export function responders(stats: Stats): Section {
  const { end, stillInProgram } = stats.outcomes;
  const shown = points(end);
  return {
    id: "responders",
    heading: "Does it help? Pain after the program against pain at signup",
    intro: [
      "At signup, and again after the last email, people are asked three optional questions (the PEG: Krebs et al. 2009): their pain on average in the past week, and how much pain got in the way of their enjoyment of life and of their general activity, each from 0 to 10. After the last email they are also asked how their back is compared with before the program.",
      `${moderate} % and ${substantial} % less pain are what the IMMPACT group calls moderate and substantial improvement in chronic pain (Dworkin et al. 2008). 0 or ${LOW_PAIN} out of 10 is “pain-free or nearly”, which a randomised trial of Pain Reprocessing Therapy reported for 66 % of its patients, against 20 % with a placebo and 10 % with usual care (Ashar et al. 2022). That was a controlled trial; these figures can't be compared with it as they are.`,
      `Intention to treat counts everyone confirmed whose program is over (${count(end.eligible)}): they got the last email, or left, or their address stopped working. Whoever didn't answer counts as not improved, the cautious assumption. Completers are those who got the last email and answered (for a change from signup, who gave a baseline too). Still in the program, and in neither yet: ${count(stillInProgram)}. In brackets: the 95 % Wilson interval.`,
    ],
    chart: chartOf(shown.length, "answers", () => ({
      id: "responders-chart",
      title: "Share of responders after the program, with 95 % intervals",
      width: 150,
      description: `Dot and interval chart: ${shown
        .map((p) => `${p.outcome}, ${p.analysis}: ${percentOf(p.rate, 0)} (${percentOf(p.low, 0)} to ${percentOf(p.high, 0)})`)
        .join("; ")}. ${omitted("people")}`,
      spec: {
        data: { values: shown },
        encoding: {
          y: { field: "outcome", type: "nominal", sort: null, title: null, axis: { labelLimit: 150 } },
          yOffset: { field: "analysis", type: "nominal", sort: [...ANALYSES] },
          color: {
            field: "analysis",
            type: "nominal",
            sort: [...ANALYSES],
            scale: { domain: [...ANALYSES], range: [INK, ACCENT] },
            legend: { title: null, orient: "bottom", direction: "vertical", labelLimit: 200 },
          },
        },
        layer: [
          {
            mark: { type: "rule", strokeWidth: 2 },
            encoding: {
              x: { field: "low", type: "quantitative", scale: { domain: [0, 1] }, axis: { format: ".0%", tickCount: 5 }, title: "share, with 95 % interval" },
              x2: { field: "high" },
            },
          },
          { mark: { type: "point", filled: true, size: 60, opacity: 1 }, encoding: { x: { field: "rate", type: "quantitative" } } },
        ],
      },
    })),
    table: responderTable(end, "Responders after the program (k of n: share, 95 % interval)"),
  };
}

export function answered(stats: Stats): Section {
  const { outcomes: o, confirmed, completed } = stats;
  return {
    id: "answered",
    heading: "Who answered the questions",
    intro: ["Every question is optional, each time. How many answered, to read the shares above against."],
    table: {
      caption: "People at each step of the outcome questions",
      head: ["Step", "People"],
      rows: [
        ["Confirmed", count(confirmed.count)],
        ["Still in the program", count(o.stillInProgram)],
        ["Program over (intention to treat)", count(o.end.eligible)],
        ["Gave their pain at signup", count(o.baseline.pain)],
        ["Answered all three at signup", count(o.baseline.peg)],
        ["Got the last email (completed)", count(completed.count)],
        ["Gave their pain after the program", count(o.end.answered)],
        ["Asked for the follow-up", count(o.followUp.askedFor)],
        ["Follow-up sent", count(o.followUp.sent)],
        ["Follow-up still to come", count(o.followUp.pending)],
        ["Gave their pain at the follow-up", count(o.followUp.answered)],
      ],
    },
  };
}

export function changes(stats: Stats): Section {
  const { end, followUp } = stats.outcomes;
  const row = (label: string, m: Timepoint["painChange"]) => [label, count(m.n), ...meanChange(m)];
  return {
    id: "changes",
    heading: "How much the scores changed",
    intro: [
      "Among completers who answered both times: the score after the program (or at the follow-up) minus the one at signup, so a change below 0 is less pain. The PEG score is the mean of its three items, 0 to 10; about 1 point is the smallest change most people notice (Reed et al. 2024). The interval is a paired t-interval: mean ± t × standard deviation / √n.",
    ],
    table: {
      caption: "Mean change from signup among completers (0–10 points; below 0 is better)",
      head: ["Measure", "n", "Mean change", "95 % CI"],
      rows: [
        row("Pain, after the program", end.painChange),
        row("PEG, after the program", end.pegChange),
        row("Pain, at the follow-up", followUp.painChange),
        row("PEG, at the follow-up", followUp.pegChange),
      ],
    },
  };
}

export function impression(stats: Stats): Section {
  const { end, followUp } = stats.outcomes;
  const total = (t: Timepoint) => Object.values(t.impression).reduce((sum, n) => sum + n, 0);
  return {
    id: "impression",
    heading: "How they are overall",
    intro: [
      `“${IMPRESSION_QUESTION}”, asked after the last email and at the follow-up (our own wording of a global rating of change, like the PGIC). How many gave each answer.`,
    ],
    table: {
      caption: "Global impression of change: answers",
      head: ["Answer", "After the program", "At the follow-up"],
      rows: [
        ...impressions.map(({ id, label }) => [label, count(end.impression[id]), count(followUp.impression[id])]),
        ["Answered", count(total(end)), count(total(followUp))],
      ],
    },
  };
}

export function followUp(stats: Stats): Section {
  const f = stats.outcomes.followUp;
  return {
    id: "follow-up",
    heading: "Three months later: the follow-up",
    intro: [
      `After the last email people can ask for one more, about three months later, with the same questions. Asked: ${count(f.askedFor)}; sent: ${count(f.sent)}; still to come: ${count(f.pending)}.`,
      `Intention to treat counts everyone whose program is over, except those still waiting for theirs (${count(f.eligible)}); whoever didn't ask, or didn't answer, counts as not improved. Completers are those who got the follow-up and answered it. People who ask for a follow-up may well be the ones doing better.`,
    ],
    table: responderTable(f, "Responders at the follow-up (k of n: share, 95 % interval)"),
  };
}

export function groups(stats: Stats): Section {
  const { byTier, byAnswer } = stats.outcomes;
  const tiers: Urgency[] = ["urgent", "soon", "none"];
  return {
    id: "groups",
    heading: `${moderate} % less pain or more, by group`,
    intro: [
      `The share with at least ${moderate} % less pain after the program than at signup, by the most urgent warning sign they ticked and by each self-check statement they ticked (someone who ticked several counts in each). Intention to treat and completers as above.`,
    ],
    table: {
      caption: `≥ ${moderate} % less pain after the program, by group (k of n: share, 95 % interval)`,
      head: ["Group", "Intention to treat", "Completers"],
      rows: [
        ...tiers.map((tier) => [tierNames[tier], proportion(byTier[tier].itt), proportion(byTier[tier].completers)]),
        ...byAnswer.map((g) => [`ticked: ${answerNames[g.answer]}`, proportion(g.itt), proportion(g.completers)]),
      ],
    },
  };
}
