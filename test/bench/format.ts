/** Number formats shared by the benchmark's printout and BENCHMARKS.md's tables. */
export const fixed = (value: number, digits = 2) => value.toFixed(digits);
export const whole = (value: number) => Math.round(value).toLocaleString("en-US");
