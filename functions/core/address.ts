import * as z from "zod/mini";

/** Longest address SMTP can carry (RFC 5321: 254 characters in a path). */
const MAX_LENGTH = 254;

/** Addresses compare case-insensitively and without surrounding space. */
export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

/** A deliverable-looking address: no spaces, controls or header-breaking characters. */
export const emailSchema = z.pipe(
  z.pipe(z.string({ error: "Please enter your email address." }), z.transform(normaliseEmail)),
  z.pipe(
    z.string().check(
      z.minLength(1, "Please enter your email address."),
      z.maxLength(MAX_LENGTH, "That email address is too long."),
    ),
    z.email("That doesn't look like an email address. Please check it."),
  ),
);
