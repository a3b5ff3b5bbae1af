import * as z from "zod/mini";
import type { StatsFilter } from "./stats/figures";

/**
 * The command-line options `npm run stats` and `npm run report` share: which signups to count
 * (`--from`/`--to` dates, or one `--cohort` month), how many items a scan page holds and how
 * many parallel segments the table is read in at once.
 */
export const statsOptions = {
  from: { type: "string" },
  to: { type: "string" },
  cohort: { type: "string" },
  "page-size": { type: "string" },
  segments: { type: "string" },
} as const;

/** Parallel scan segments read at once unless `--segments` says otherwise. */
const DEFAULT_SEGMENTS = 4;

const day = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "--from and --to take a date: YYYY-MM-DD"));
const schema = z
  .object({
    from: z.optional(day),
    to: z.optional(day),
    cohort: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "--cohort takes a month: YYYY-MM"))),
    "page-size": z.optional(
      z.pipe(z.string().check(z.regex(/^[1-9]\d{0,5}$/, "--page-size must be a whole number above 0")), z.transform(Number)),
    ),
    segments: z.optional(
      z.pipe(
        z.pipe(z.string().check(z.regex(/^[1-9]\d{0,2}$/, "--segments must be a whole number from 1 to 100")), z.transform(Number)),
        z.number().check(z.lte(100, "--segments must be a whole number from 1 to 100")),
      ),
    ),
  })
  .check(
    z.refine((o) => !(o.cohort && (o.from || o.to)), "Give either --cohort or --from/--to, not both."),
    z.refine((o) => !(o.from && o.to && o.from > o.to), "--from must not be after --to."),
  );

/** The first and last day of a month given as YYYY-MM. */
function monthOf(month: string): StatsFilter {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate(); // day 0 of the next month
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

export interface ScanOptions {
  filter: StatsFilter;
  pageSize?: number;
  /** parallel scan segments read at once */
  segments: number;
}

/** The options as given, checked; exits with a one-line message (status 2) when they don't make sense. */
export function scanOptions(values: Record<string, unknown>): ScanOptions {
  const parsed = z.safeParse(schema, values);
  if (!parsed.success) {
    console.error(parsed.error.issues[0]?.message ?? "Those options don't make sense.");
    process.exit(2);
  }
  const { from, to, cohort } = parsed.data;
  const filter = cohort ? monthOf(cohort) : { from, to };
  return { filter, pageSize: parsed.data["page-size"], segments: parsed.data.segments ?? DEFAULT_SEGMENTS };
}
