/**
 * An error whose message is meant for the person in front of the page. The web layer maps
 * it to its HTTP status in one `onError`; every other error is a 500 with a generic page.
 */
export class VisibleError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "VisibleError";
  }
}

/** A link to a program that has ended: a friendly page (410), not a "not found". */
export const programFinished = () =>
  new VisibleError(410, "program_finished", "Your program has finished, so there is nothing left to change. Take good care of your back.");

/** A link whose subscriber isn't in a running program (left, deleted, or never confirmed). */
export const notInProgram = () =>
  new VisibleError(404, "not_in_program", "We couldn't find an active program for this link. You may have left or deleted your data.");
