import * as z from "zod/mini";
import { impressionIds, MEASURE_IDS, type Impression, type MeasureId } from "../../email/outcome-measures";
import { RANGE, SCORE_PATTERN } from "../../email/pain-scale";

/**
 * The outcome measures as stored: the three 0–10 items (`email/outcome-measures.ts` words
 * them), each optional, and when they were answered. At signup they are the baseline; after
 * the last email and at the follow-up the same again, with the global impression of change.
 */
export type Measures = Partial<Record<MeasureId, number>> & { at: string };

export interface FollowUpAnswers extends Measures {
  /** "Compared with before the program, your back is: …" */
  change?: Impression;
}

export interface EndAnswers extends FollowUpAnswers {
  /** they asked for the one follow-up, about three months after the last email */
  followUp: boolean;
}

export type { Impression, MeasureId };
export { MEASURE_IDS };

const scoreMessage = `Please choose a number ${RANGE}, or leave the question unanswered.`;
/** One optional 0–10 item as a form posts it: absent or empty is "not answered". */
const optionalScore = z.pipe(
  z.optional(z.string().check(z.regex(new RegExp(`^$|${SCORE_PATTERN.source}`), scoreMessage))),
  z.transform((value) => (value ? Number(value) : undefined)),
);

/** The three items, each optional: what the signup, end and follow-up forms post. */
export const measureFields = { pain: optionalScore, enjoyment: optionalScore, activity: optionalScore };
export const measuresSchema = z.object(measureFields);
export type MeasuresInput = z.output<typeof measuresSchema>;

export const impressionSchema = z.pipe(
  z.optional(z.union([z.literal(""), z.enum(impressionIds, { error: "Please choose one of the answers, or leave it unanswered." })])),
  z.transform((value) => (value ? value : undefined)),
);

/** Whether a form answered anything at all: one of the items, or the impression. */
export const answeredAny = (input: MeasuresInput & { change?: Impression }) =>
  MEASURE_IDS.some((id) => input[id] !== undefined) || input.change !== undefined;

export const NOTHING_ANSWERED = "Please answer at least one question.";

/** The measures as stored, with only the items answered; undefined when none was. */
export function measuresOf(input: MeasuresInput, at: Date): Measures | undefined {
  const answered = Object.fromEntries(MEASURE_IDS.flatMap((id) => (input[id] === undefined ? [] : [[id, input[id]]])));
  return Object.keys(answered).length ? { ...answered, at: at.toISOString() } : undefined;
}

/** The PEG score's sum (0–30), when all three items were answered. */
export function pegSum(measures: Partial<Record<MeasureId, number>> | undefined): number | undefined {
  const values = MEASURE_IDS.map((id) => measures?.[id]);
  return values.every((v): v is number => v !== undefined) ? values.reduce((sum, v) => sum + v, 0) : undefined;
}
