import { describe, expect, it } from "vitest";
import { statsOf } from "../infra/ops/stats/figures";
import { judge } from "../infra/ops/stats/outcomes";
import type { Proportion } from "../infra/ops/stats/statistics";
import type { Status } from "../functions/domain/subscriber/states";
import { NINE_WEEKS, statsItem, type Shape } from "./support/stats-items";

/**
 * The outcome figures for a table of known baselines, end scores and dropouts, every one
 * checked against values worked out by hand here. Wilson intervals were worked out from
 * centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1 − p)/n + z²/4n²), z = 1.959964,
 * to four decimals; the 7/20, 7/14 and 4/20 ones match the research note's.
 */

const all = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const SHORT = [...NINE_WEEKS.slice(0, 5), "on-hold", "keep-going"];
let n = 0;
const people = (count: number, status: Status, shape: Shape) =>
  Array.from({ length: count }, () => statsItem({ pk: `p-${++n}`, email: `p-${n}@example.com` }, status, shape));

const seed = [
  // A: 14 completers who gave their pain at signup and at the end
  // a) 10 → 5, exactly 50 % less: ≥ 30 % and ≥ 50 %; full PEG 27 → 15; asked for the follow-up, got it, 4 then
  ...people(2, "completed", {
    sent: all, followUpSent: true, answers: ["sleep"],
    baseline: { pain: 10, enjoyment: 8, activity: 9 },
    atEnd: { pain: 5, enjoyment: 4, activity: 6, change: "muchBetter", followUp: true },
    atFollowUp: { pain: 4, change: "better" },
  }),
  // b) 4 → 1: 75 % less, and 0–1; asked for the follow-up, still to come
  ...people(2, "followUp", { sent: all, baseline: { pain: 4 }, atEnd: { pain: 1, change: "muchBetter", followUp: true } }),
  // c) 10 → 7, exactly 30 % less; full PEG 24 → 21; a "soon" warning sign; got the follow-up, one answered (8)
  ...people(1, "completed", {
    sent: all, followUpSent: true, flags: ["night"],
    baseline: { pain: 10, enjoyment: 6, activity: 8 },
    atEnd: { pain: 7, enjoyment: 6, activity: 8, change: "better", followUp: true },
    atFollowUp: { pain: 8, change: "same" },
  }),
  ...people(2, "completed", {
    sent: all, followUpSent: true, flags: ["night"],
    baseline: { pain: 10, enjoyment: 6, activity: 8 },
    atEnd: { pain: 7, enjoyment: 6, activity: 8, change: "better", followUp: true },
  }),
  // d) 6 → 5: 17 % less; one of them unsubscribed after the last email (completed all the same)
  ...people(2, "completed", { sent: all, answers: ["sleep"], baseline: { pain: 6 }, atEnd: { pain: 5, change: "same" } }),
  ...people(1, "unsubscribed", { sent: all, answers: ["sleep"], baseline: { pain: 6 }, atEnd: { pain: 5, change: "same" } }),
  // e) 0 → 0: no pain to lose (not a responder by share), but 0–1 at the end
  ...people(2, "completed", { sent: all, baseline: { pain: 0 }, atEnd: { pain: 0, change: "same" } }),
  // f) 3 → 3; one of them had the shorter program (movement weeks held), and completed it
  ...people(1, "completed", { sent: all, baseline: { pain: 3 }, atEnd: { pain: 3, change: "worse" } }),
  ...people(1, "completed", { program: SHORT, sent: [1, 2, 3, 4, 5, 6, 7], flags: [], baseline: { pain: 3 }, atEnd: { pain: 3, change: "muchWorse" } }),
  // B: 2 completers with an end score (1 and 0) but no baseline
  ...people(1, "completed", { sent: all, atEnd: { pain: 1, change: "better" } }),
  ...people(1, "completed", { sent: all, atEnd: { pain: 0, change: "better" } }),
  // C: 2 completers who didn't answer at the end
  ...people(2, "completed", { sent: all, answers: ["sleep"], baseline: { pain: 8 } }),
  // D: 2 who left after week 3 (a "soon" warning sign)
  ...people(2, "unsubscribed", { sent: [1, 2, 3], flags: ["night"], baseline: { pain: 7 } }),
  // F: 3 still in the program: in no denominator yet
  ...people(3, "active", { sent: [1, 2, 3], baseline: { pain: 9 } }),
  // never confirmed: not in any of it
  ...people(2, "pending", { confirmed: false, baseline: { pain: 5 } }),
];

const share = (count: number, n: number, rate: number, low: number, high: number) => ({ count, n, rate, low, high });
/** A figure against the hand-worked one: counts exactly, the rest to four decimals. */
function expectShare(actual: Proportion, expected: ReturnType<typeof share>, what: string) {
  expect({ count: actual.count, n: actual.n }, what).toEqual({ count: expected.count, n: expected.n });
  expect(actual.rate, what).toBeCloseTo(expected.rate, 4);
  expect(actual.low, what).toBeCloseTo(expected.low, 4);
  expect(actual.high, what).toBeCloseTo(expected.high, 4);
}

describe("the outcome figures", async () => {
  const stats = await statsOf([seed]);
  const { end, followUp } = stats.outcomes;

  it("count who completed (the last email of their own program, whatever they did after), who is still in, and who answered", () => {
    expect(stats.confirmed.count).toBe(23);
    expect(stats.completed).toEqual({ count: 18, rate: 18 / 23 });
    expect(stats.completedOnHold).toBe(1);
    expect(stats.inProgram).toBe(3);
    expect(stats.outcomes.stillInProgram).toBe(3);
    expect(stats.outcomes.baseline).toEqual({ pain: 21, peg: 5 }); // A 14 + C 2 + D 2 + F 3; a and c
    expect(end.eligible).toBe(20);
    expect(end.answered).toBe(16);
    // the one who unsubscribed after the last email did not leave early; the two who left after week 3 did
    expect(stats.leaving).toEqual([{ afterWeek: 3, unsubscribed: 2, bounced: 0, complained: 0 }]);
  });

  it("give every responder share after the program, intention to treat next to completers, with its Wilson interval", () => {
    // ≥ 30 %: a 2 + b 2 + c 3 = 7 of the 20 whose program is over; of the 14 completers with both scores
    expectShare(end.itt.pain30, share(7, 20, 0.35, 0.1812, 0.5671), "≥30 % ITT");
    expectShare(end.completers.pain30, share(7, 14, 0.5, 0.268, 0.732), "≥30 % completers");
    // ≥ 50 %: a 2 + b 2
    expectShare(end.itt.pain50, share(4, 20, 0.2, 0.0807, 0.416), "≥50 % ITT");
    expectShare(end.completers.pain50, share(4, 14, 0.2857, 0.1172, 0.5465), "≥50 % completers");
    // 0 or 1 at the end: b 2 + e 2 + B 2, of the 16 completers with an end score
    expectShare(end.itt.lowPain, share(6, 20, 0.3, 0.1455, 0.519), "0–1 ITT");
    expectShare(end.completers.lowPain, share(6, 16, 0.375, 0.1848, 0.6136), "0–1 completers");
    // much better: a 2 + b 2; much or a little better: + c 3 + B 2
    expectShare(end.itt.muchBetter, share(4, 20, 0.2, 0.0807, 0.416), "much better ITT");
    expectShare(end.completers.muchBetter, share(4, 16, 0.25, 0.1018, 0.495), "much better completers");
    expectShare(end.itt.better, share(9, 20, 0.45, 0.2582, 0.6579), "better ITT");
    expectShare(end.completers.better, share(9, 16, 0.5625, 0.3318, 0.769), "better completers");
    expect(end.impression).toEqual({ muchBetter: 4, better: 5, same: 5, worse: 1, muchWorse: 1 });
  });

  it("give the mean change with its paired t-interval, the PEG's on its 0–10 mean", () => {
    // pain: −5 ×2, −3 ×5, −1 ×3, 0 ×4 = −28 over 14: −2.0; squared deviations 18 + 5 + 3 + 16 = 42, s² = 42/13,
    // s/√14 = 0.48038, t(13) = 2.1604: −2 ± 1.03781
    expect(end.painChange.n).toBe(14);
    expect(end.painChange.mean).toBeCloseTo(-2, 10);
    expect(end.painChange.low).toBeCloseTo(-3.0378, 4);
    expect(end.painChange.high).toBeCloseTo(-0.9622, 4);
    // PEG sums: −12 ×2, −3 ×3 = −33 over 5: −6.6; squared deviations 58.32 + 38.88 = 97.2, s² = 24.3,
    // s/√5 = 2.20454, t(4) = 2.7764: −6.6 ± 6.12069, divided by 3
    expect(end.pegChange.n).toBe(5);
    expect(end.pegChange.mean).toBeCloseTo(-2.2, 10);
    expect(end.pegChange.low).toBeCloseTo(-4.2402, 4);
    expect(end.pegChange.high).toBeCloseTo(-0.1598, 4);
  });

  it("give the same at the follow-up: those still waiting for theirs are in no denominator, those who didn't ask count as not improved", () => {
    expect(followUp).toMatchObject({ askedFor: 7, sent: 5, pending: 2, eligible: 18, answered: 3 });
    // a 2 (10 → 4) of everyone but b's 2 who are still waiting; of the 3 who got it and answered
    expectShare(followUp.itt.pain30, share(2, 18, 0.1111, 0.031, 0.328), "≥30 % ITT, follow-up");
    expectShare(followUp.completers.pain30, share(2, 3, 0.6667, 0.2077, 0.9385), "≥30 % completers, follow-up");
    expectShare(followUp.itt.pain50, share(2, 18, 0.1111, 0.031, 0.328), "≥50 % ITT, follow-up");
    expectShare(followUp.completers.lowPain, share(0, 3, 0, 0, 0.5615), "0–1 completers, follow-up");
    expectShare(followUp.itt.lowPain, share(0, 18, 0, 0, 0.1759), "0–1 ITT, follow-up");
    expectShare(followUp.completers.better, share(2, 3, 0.6667, 0.2077, 0.9385), "better completers, follow-up");
    // −6, −6, −2: mean −14/3, s² = 16/3, s/√3 = 4/3, t(2) = 4.3027
    expect(followUp.painChange.n).toBe(3);
    expect(followUp.painChange.mean).toBeCloseTo(-14 / 3, 10);
    expect(followUp.painChange.low).toBeCloseTo(-10.4036, 4);
    expect(followUp.painChange.high).toBeCloseTo(1.0703, 4);
    expect(followUp.pegChange).toEqual({ n: 0, mean: null, low: null, high: null });
  });

  it("give ≥ 30 % less pain by warning-sign tier and by self-check answer", () => {
    const { byTier, byAnswer } = stats.outcomes;
    // soon: c 3 (all ≥ 30 %) and D 2 (left early)
    expectShare(byTier.soon.itt, share(3, 5, 0.6, 0.2307, 0.8824), "soon, ITT");
    expectShare(byTier.soon.completers, share(3, 3, 1, 0.4385, 1), "soon, completers");
    // none: the other 15 whose program is over; a 2 + b 2 responded; 11 of them completers with both scores
    expectShare(byTier.none.itt, share(4, 15, 0.2667, 0.109, 0.5195), "no sign, ITT");
    expectShare(byTier.none.completers, share(4, 11, 0.3636, 0.1517, 0.6462), "no sign, completers");
    expect(byTier.urgent.itt).toEqual({ count: 0, n: 0, rate: null, low: null, high: null });
    // sleep: a 2 (yes), d 3 (no), C 2 (no answer)
    const sleep = byAnswer.find((g) => g.answer === "sleep")!;
    expectShare(sleep.itt, share(2, 7, 0.2857, 0.0822, 0.6411), "sleep, ITT");
    expectShare(sleep.completers, share(2, 5, 0.4, 0.1176, 0.7693), "sleep, completers");
  });

  it("decide a share of less pain on whole numbers: exactly 30 % and 50 % count, a baseline of 0 never does", () => {
    const at = "2026-01-01T00:00:00Z";
    expect(judge({ pain: 10, at }, { pain: 7, at }).pain30).toBe(true);
    expect(judge({ pain: 10, at }, { pain: 8, at }).pain30).toBe(false);
    expect(judge({ pain: 10, at }, { pain: 5, at }).pain50).toBe(true);
    expect(judge({ pain: 7, at }, { pain: 5, at }).pain30).toBe(false); // 28.6 %
    expect(judge({ pain: 7, at }, { pain: 4, at }).pain50).toBe(false); // 42.9 %
    expect(judge({ pain: 0, at }, { pain: 0, at })).toMatchObject({ pain30: false, pain50: false, lowPain: true });
    expect(judge(undefined, { pain: 0, at })).toMatchObject({ pain30: undefined, lowPain: true });
  });
});
