import { z } from "zod";

/** Longest address SMTP can carry (RFC 5321: 254 characters in a path). */
const MAX_LENGTH = 254;

/** Addresses compare case-insensitively and without surrounding space. */
export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

/** A deliverable-looking address: no spaces, controls or header-breaking characters. */
export const emailSchema = z
  .string({ error: "Please enter your email address." })
  .transform(normaliseEmail)
  .pipe(
    z
      .string()
      .min(1, "Please enter your email address.")
      .max(MAX_LENGTH, "That email address is too long.")
      .pipe(z.email("That doesn't look like an email address. Please check it.")),
  );
