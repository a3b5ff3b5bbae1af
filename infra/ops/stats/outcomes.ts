import { pegSum, type FollowUpAnswers, type Measures } from "../../../functions/domain/outcomes/measures";
import { answerIds, type Answer, type Urgency } from "../../../functions/domain/subscriber/self-check";
import { impressionIds, type Impression } from "../../../functions/email/outcome-measures";
import { summarise, wilson, type Histogram, type Proportion } from "./statistics";

/**
 * What the outcome questions add up to: responder shares with their Wilson intervals,
 * intention-to-treat next to completers, the mean change with its t-interval, the global
 * impression, at the end and at the follow-up, and by warning-sign tier and self-check answer.
 * Counted one subscriber at a time (`add`), so a table of any size needs only these counters.
 *
 * - Intention to treat (ITT): everyone confirmed whose program is over (they got the last
 *   email, or left, or their address bounced or complained); anyone without the answers an
 *   outcome needs counts as not improved. People still in the program are in no denominator
 *   yet (`stillInProgram`). At the follow-up, the same people, except those whose follow-up is
 *   still to come; those who didn't ask for one count as not improved.
 * - Completers: those who got the last email (at the follow-up: the follow-up email) and gave
 *   what the outcome needs (a pain score then, and for a % change a baseline too).
 * - A % reduction is decided on whole numbers, never floats: at least P % less pain than the
 *   baseline b is 100 · (b − e) ≥ P · b, with b > 0 (a baseline of 0 can't fall by a share).
 */
export const THRESHOLDS = [30, 50] as const;
/** "Pain-free or nearly": 0 or 1 out of 10 (as Ashar et al. 2022 report for Pain Reprocessing Therapy). */
export const LOW_PAIN = 1;

export const responders = ["pain30", "pain50", "lowPain", "muchBetter", "better"] as const;
export type Responder = (typeof responders)[number];

export interface MeanChange {
  /** completers with both scores */
  n: number;
  mean: number | null;
  low: number | null;
  high: number | null;
}

export interface Timepoint {
  /** the ITT denominator */
  eligible: number;
  /** gave a pain score at this time */
  answered: number;
  itt: Record<Responder, Proportion>;
  completers: Record<Responder, Proportion>;
  /** the pain score's change from the baseline (0–10 points; below 0 is less pain) */
  painChange: MeanChange;
  /** the PEG score's change (the mean of its three items, 0–10), for those who answered all three both times */
  pegChange: MeanChange;
  impression: Record<Impression, number>;
}

export interface FollowUpTimepoint extends Timepoint {
  /** asked for the follow-up after the last email */
  askedFor: number;
  /** follow-ups that went out */
  sent: number;
  /** still to come: not in this time's ITT denominator yet */
  pending: number;
}

/** ≥ 30 % less pain at the end, in one group. */
export interface GroupOutcome {
  itt: Proportion;
  completers: Proportion;
}

export interface Outcomes {
  /** confirmed, and their program isn't over yet: in no denominator */
  stillInProgram: number;
  /** gave a pain score at signup, and all three PEG items */
  baseline: { pain: number; peg: number };
  end: Timepoint;
  followUp: FollowUpTimepoint;
  byTier: Record<Urgency, GroupOutcome>;
  byAnswer: ({ answer: Answer } & GroupOutcome)[];
}

/** Which outcomes one person's answers meet; undefined where they gave too little to tell. */
export function judge(baseline: Measures | undefined, at: FollowUpAnswers | undefined): Record<Responder, boolean | undefined> {
  const b = baseline?.pain;
  const e = at?.pain;
  const less = (percent: number) => (b === undefined || e === undefined ? undefined : b > 0 && 100 * (b - e) >= percent * b);
  const change = at?.change;
  return {
    pain30: less(THRESHOLDS[0]),
    pain50: less(THRESHOLDS[1]),
    lowPain: e === undefined ? undefined : e <= LOW_PAIN,
    muchBetter: change === undefined ? undefined : change === "muchBetter",
    better: change === undefined ? undefined : change === "muchBetter" || change === "better",
  };
}

/** A count and its whole, turned into a share with its interval at the end. */
class Tally {
  count = 0;
  n = 0;
  add(hit: boolean | undefined, counted = hit !== undefined) {
    if (!counted) return;
    this.n++;
    if (hit) this.count++;
  }
  get share(): Proportion {
    return wilson(this.count, this.n);
  }
}

const tallies = () => Object.fromEntries(responders.map((r) => [r, new Tally()])) as Record<Responder, Tally>;
const shares = (t: Record<Responder, Tally>) => Object.fromEntries(responders.map((r) => [r, t[r].share])) as Record<Responder, Proportion>;

/** Changes of whole numbers from −range to +range, counted one bin per value. */
function changes(range: number) {
  const histogram: Histogram = Array.from({ length: 2 * range + 1 }, () => 0);
  return {
    add: (change: number) => histogram[change + range]!++,
    /** mean, interval; `scale` divides (the PEG's sum of three items to its 0–10 mean) */
    summary(scale = 1): MeanChange {
      const s = summarise(histogram, -range);
      if (!s) return { n: 0, mean: null, low: null, high: null };
      return { n: s.n, mean: s.mean / scale, low: s.low === null ? null : s.low / scale, high: s.high === null ? null : s.high / scale };
    },
  };
}

class TimepointTally {
  eligible = 0;
  answered = 0;
  itt = tallies();
  completers = tallies();
  pain = changes(10);
  peg = changes(30);
  impression = Object.fromEntries(impressionIds.map((id) => [id, 0])) as Record<Impression, number>;

  /** `completer`: got the email these answers belong to; returns what `judge` made of the answers */
  add(baseline: Measures | undefined, at: FollowUpAnswers | undefined, completer: boolean): Record<Responder, boolean | undefined> {
    this.eligible++;
    if (at?.pain !== undefined) this.answered++;
    if (at?.change) this.impression[at.change]++;
    const outcome = judge(baseline, at);
    for (const r of responders) {
      this.itt[r].add(outcome[r] === true, true);
      if (completer) this.completers[r].add(outcome[r]);
    }
    if (!completer) return outcome;
    if (baseline?.pain !== undefined && at?.pain !== undefined) this.pain.add(at.pain - baseline.pain);
    const [before, after] = [pegSum(baseline), pegSum(at)];
    if (before !== undefined && after !== undefined) this.peg.add(after - before);
    return outcome;
  }

  get result(): Timepoint {
    return {
      eligible: this.eligible,
      answered: this.answered,
      itt: shares(this.itt),
      completers: shares(this.completers),
      painChange: this.pain.summary(),
      pegChange: this.peg.summary(3),
      impression: this.impression,
    };
  }
}

class GroupTally {
  itt = new Tally();
  completers = new Tally();
  add(hit: boolean | undefined, completer: boolean) {
    this.itt.add(hit === true, true);
    if (completer) this.completers.add(hit);
  }
  get result(): GroupOutcome {
    return { itt: this.itt.share, completers: this.completers.share };
  }
}

/** What `outcomesTally` reads of one confirmed subscriber. */
export interface OutcomeItem {
  answers?: Answer[];
  baseline?: Measures;
  atEnd?: FollowUpAnswers & { followUp?: boolean };
  atFollowUp?: FollowUpAnswers;
}

/** Adds up confirmed subscribers one at a time; `result` is the figures. */
export function outcomesTally() {
  let stillInProgram = 0;
  const baseline = { pain: 0, peg: 0 };
  const end = new TimepointTally();
  const later = new TimepointTally();
  const follow = { askedFor: 0, sent: 0, pending: 0 };
  const byTier = { urgent: new GroupTally(), soon: new GroupTally(), none: new GroupTally() } satisfies Record<Urgency, GroupTally>;
  const byAnswer = new Map(answerIds.map((answer) => [answer, new GroupTally()]));

  return {
    /**
     * One confirmed subscriber: `over` their program is over (they got the last email, or
     * left); `completed` they got the last email; `awaiting` their follow-up is still to come;
     * `urgency` the tier of the warning signs they ticked at signup; `gotFollowUp` they were
     * sent the follow-up email.
     */
    add(
      item: OutcomeItem,
      { over, completed, awaiting, urgency, gotFollowUp }: { over: boolean; completed: boolean; awaiting: boolean; urgency: Urgency; gotFollowUp: boolean },
    ) {
      if (item.baseline?.pain !== undefined) baseline.pain++;
      if (pegSum(item.baseline) !== undefined) baseline.peg++;
      if (!over) {
        stillInProgram++;
        return;
      }
      const hit = end.add(item.baseline, item.atEnd, completed).pain30;
      byTier[urgency].add(hit, completed);
      for (const answer of item.answers ?? []) byAnswer.get(answer)?.add(hit, completed);

      if (item.atEnd?.followUp) follow.askedFor++;
      if (gotFollowUp) follow.sent++;
      if (awaiting) follow.pending++;
      else later.add(item.baseline, item.atFollowUp, gotFollowUp);
    },
    get result(): Outcomes {
      return {
        stillInProgram,
        baseline,
        end: end.result,
        followUp: { ...later.result, ...follow },
        byTier: { urgent: byTier.urgent.result, soon: byTier.soon.result, none: byTier.none.result },
        byAnswer: answerIds.map((answer) => ({ answer, ...byAnswer.get(answer)!.result })),
      };
    },
  };
}
