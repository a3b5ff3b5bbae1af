import type { Context } from "hono";
import { RequestError } from "./errors";

/** Characters that have no place in any form field: line breaks (header injection) and controls. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The content types an HTML form posts. */
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** A posted HTML form: every field as a list of strings. */
export type Form = Record<string, string[]>;

/**
 * Refuses (415) a body that isn't an HTML form. `bodyless`: a request with no content type at
 * all passes too (a button with no fields, from a client that sends no body).
 */
export function refuseNonForm(c: Pick<Context, "req">, { bodyless = false } = {}): void {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (bodyless && !type) return;
  if (!FORM_TYPES.includes(type)) {
    throw new RequestError(415, "unsupported_type", "Please send the form from the page itself.");
  }
}

/** Reads an HTML form post: every field as a list of strings. Rejects anything else with a 4xx. */
export async function readForm(c: Pick<Context, "req">): Promise<Form> {
  refuseNonForm(c);
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new RequestError(400, "unreadable_form", "We couldn't read the form. Please send it again from the page.");
  });
  const form: Form = {};
  for (const [name, raw] of Object.entries(body)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.some((v) => typeof v !== "string" || CONTROL.test(v)) || CONTROL.test(name)) {
      throw new RequestError(400, "bad_characters", "The form contained characters we can't accept, such as line breaks.");
    }
    form[name] = values as string[];
  }
  return form;
}

/** A field that must appear at most once. Repeated fields are refused, not silently merged. */
export function single(form: Form, name: string): string | undefined {
  const values = form[name];
  if (values && values.length > 1) {
    throw new RequestError(400, "repeated_field", "The form contained a field more than once.");
  }
  return values?.[0];
}
