/** The weekly check-in's 0–10 scale, defined once for the emails and the check-in page. */
export const SCORES: readonly number[] = Array.from({ length: 11 }, (_, score) => score);

export const SCALE = "0 = no pain, 10 = worst imaginable";

/** Four numbers a row, so each stays a target a thumb can hit (44 px or more) on a 320 px phone. */
export const SCORE_ROWS: readonly (readonly number[])[] = [SCORES.slice(0, 4), SCORES.slice(4, 8), SCORES.slice(8)];
