/**
 * The weekly check-in's 0–10 scale, defined once for the emails, the check-in page and the
 * check-in form's schema.
 */
export const LOWEST_SCORE = 0;
export const HIGHEST_SCORE = 10;

export const SCORES: readonly number[] = Array.from({ length: HIGHEST_SCORE - LOWEST_SCORE + 1 }, (_, i) => LOWEST_SCORE + i);

/** A score as a form field or a link carries it: one of the numbers above, written plainly ("7", not "07"). */
export const SCORE_PATTERN = new RegExp(`^(?:${SCORES.join("|")})$`);

/** "from 0 to 10", for sentences that ask for a score. */
export const RANGE = `from ${LOWEST_SCORE} to ${HIGHEST_SCORE}`;

export const SCALE = `${LOWEST_SCORE} = no pain, ${HIGHEST_SCORE} = worst imaginable`;

/** Four numbers a row, so each stays a target a thumb can hit (44 px or more) on a 320 px phone. */
export const PER_ROW = 4;

export const SCORE_ROWS: readonly (readonly number[])[] = Array.from({ length: Math.ceil(SCORES.length / PER_ROW) }, (_, row) =>
  SCORES.slice(row * PER_ROW, (row + 1) * PER_ROW),
);
