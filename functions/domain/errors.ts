/**
 * What kind of thing went wrong, in the domain's words. The web layer maps each kind to an HTTP
 * status in its one `onError` (`web/errors.ts`); the message is meant for the person in front of
 * the page. Any other error is a fault: a 500 with a generic page.
 */
export type ErrorKind =
  /** the request itself is malformed (a broken link, a bad field) */
  | "invalid"
  /** we hold nothing this request could be about */
  | "not_found"
  /** the thing exists but isn't in a state for this, yet or just now */
  | "conflict"
  /** it was here once and is not any more (an old link, a finished program) */
  | "gone"
  /** a service we depend on refused just now; trying again later may work */
  | "unavailable";

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A link to a program that has ended: a friendly page, not a "not found". */
export const programFinished = () =>
  new DomainError("gone", "program_finished", "Your program has finished, so there is nothing left to change. Take good care of your back.");

/** A link whose subscriber isn't in a running program (left, deleted, or never confirmed). */
export const notInProgram = () =>
  new DomainError("not_found", "not_in_program", "We couldn't find an active program for this link. You may have left or deleted your data.");
