import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError, type ErrorKind } from "../domain/errors";

/** What the request looked like, not what it asked for: a form we can't read, a body far too large, another site's form. */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 403 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

/** The one place a domain error kind becomes an HTTP status. */
export const statusOfKind: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  gone: 410,
  unavailable: 503,
};

/** An error meant for the person in front of the page: its status, code and message. Undefined for a fault. */
export function visibleError(error: unknown): { status: ContentfulStatusCode; code: string; message: string } | undefined {
  if (error instanceof DomainError) return { status: statusOfKind[error.kind], code: error.code, message: error.message };
  if (error instanceof RequestError) return { status: error.status, code: error.code, message: error.message };
  return undefined;
}
