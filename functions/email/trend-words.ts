import type { Trend } from "./inputs";

const points = (n: number) => `${n} ${n === 1 ? "point" : "points"}`;

/** The trend in plain words, e.g. "Your score went from 7 in week 1 to 3 in week 8, 4 points lower." */
export function summaryOf(trend: Trend): string {
  const { first, last, direction, scores, weeks } = trend;
  if (!first || !last) return "No weekly scores recorded yet.";
  const sentence =
    direction === undefined
      ? `You recorded one score: ${first.score} in week ${first.week}.`
      : direction === "same"
        ? `Your score was ${first.score} in week ${first.week} and ${last.score} again in week ${last.week}.`
        : `Your score went from ${first.score} in week ${first.week} to ${last.score} in week ${last.week}, ${points(
            Math.abs(last.score - first.score),
          )} ${direction === "down" ? "lower" : "higher"}.`;
  const missing = weeks.length - scores.length;
  return missing > 0 && scores.length > 1 ? `${sentence} You checked in ${scores.length} of ${weeks.length} weeks.` : sentence;
}
