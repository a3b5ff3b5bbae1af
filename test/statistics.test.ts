import { describe, expect, it } from "vitest";
import { emptyHistogram, summarise, tQuantile975 } from "../infra/ops/stats/statistics";

const histogramOf = (scores: number[]) => {
  const histogram = emptyHistogram();
  for (const score of scores) histogram[score]!++;
  return histogram;
};

describe("pain score summaries", () => {
  it("give the mean, the median and the 95 % t-interval worked out by hand", () => {
    // 2, 4, 4, 5, 7: mean 4.4; squared deviations 5.76 + 0.16 + 0.16 + 0.36 + 6.76 = 13.2, s² = 13.2 / 4 = 3.3
    const half = 2.7764 * Math.sqrt(3.3 / 5); // t(0.975, 4 df) · s/√n ≈ 2.256
    const summary = summarise(histogramOf([7, 4, 2, 5, 4]))!;
    expect(summary).toMatchObject({ n: 5, median: 4 });
    expect(summary.mean).toBeCloseTo(4.4, 10);
    expect(summary.low).toBeCloseTo(4.4 - half, 10);
    expect(summary.high).toBeCloseTo(4.4 + half, 10);
    expect(summary.low).toBeCloseTo(2.144, 3);
  });

  it("take the middle pair's average for an even count, and give no interval for a single score", () => {
    expect(summarise(histogramOf([3, 10, 5, 0]))).toMatchObject({ n: 4, mean: 4.5, median: 4 });
    expect(summarise(histogramOf([6]))).toEqual({ n: 1, mean: 6, median: 6, low: null, high: null });
    expect(summarise(emptyHistogram())).toBeNull();
  });

  it("use Student's t quantiles that match the published tables, past the tabled range too", () => {
    expect(tQuantile975(4)).toBe(2.7764);
    expect(tQuantile975(30)).toBe(2.0423);
    // published values for 40, 60 and 120 degrees of freedom
    expect(tQuantile975(40)).toBeCloseTo(2.0211, 3);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
    expect(tQuantile975(100_000)).toBeCloseTo(1.96, 3);
  });
});
