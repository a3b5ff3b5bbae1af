import { describe, expect, it } from "vitest";
import { emptyHistogram, summarise, tQuantile975, wilson } from "../infra/ops/stats/statistics";

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

describe("Wilson score intervals", () => {
  it("match the intervals worked out by hand, to four decimals", () => {
    // centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1 − p)/n + z²/4n²), z = 1.959964
    const cases: [number, number, number, number][] = [
      [7, 20, 0.1812, 0.5671],
      [7, 14, 0.268, 0.732],
      [4, 20, 0.0807, 0.416],
      [3, 10, 0.1078, 0.6032],
    ];
    for (const [k, n, low, high] of cases) {
      const w = wilson(k, n);
      expect(w.rate, `${k}/${n}`).toBe(k / n);
      expect(w.low, `${k}/${n}`).toBeCloseTo(low, 4);
      expect(w.high, `${k}/${n}`).toBeCloseTo(high, 4);
    }
  });

  it("stay inside 0 to 1 at none and all (never “−0.0 %”), never collapse to a point, and give nothing for nobody", () => {
    const z2 = 1.959964 ** 2;
    expect(wilson(0, 20).low).toBe(0);
    expect(wilson(0, 20).high).toBeCloseTo(z2 / (20 + z2), 10); // 0.1611
    expect(wilson(20, 20).high).toBe(1);
    expect(wilson(20, 20).low).toBeCloseTo(20 / (20 + z2), 10); // 0.8389
    expect(wilson(0, 5).high).toBeCloseTo(0.4345, 4);
    expect(wilson(5, 5).low).toBeCloseTo(0.5655, 4);
    expect(wilson(0, 0)).toEqual({ count: 0, n: 0, rate: null, low: null, high: null });
  });
});

describe("summaries of changes", () => {
  it("read a histogram that starts below 0: the mean change and its paired t-interval", () => {
    // changes −3, −2, −1, 0, −4, −2, 1, −3: mean −1.75, s = 1.6690, s/√8 = 0.5901, t(7) = 2.3646
    const histogram = Array.from({ length: 21 }, () => 0);
    for (const change of [-3, -2, -1, 0, -4, -2, 1, -3]) histogram[change + 10]!++;
    const summary = summarise(histogram, -10)!;
    expect(summary).toMatchObject({ n: 8, median: -2 });
    expect(summary.mean).toBeCloseTo(-1.75, 10);
    expect(summary.low).toBeCloseTo(-3.1453, 4);
    expect(summary.high).toBeCloseTo(-0.3547, 4);
  });
});
