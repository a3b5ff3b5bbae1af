import * as z from "zod/mini";

const colour = z.string().check(z.regex(/^#[0-9a-f]{6}$/, "expected #rrggbb"));
const https = z.url({ protocol: /^https$/ });

/**
 * The clinic's own look (`brand` in unknot.config.json, checked there: infra/aws/brand.ts).
 * Absent, the pages and emails look as they always have, named after the sender.
 */
export const brandSchema = z.object({
  /** the name on every page and in every email's masthead */
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  /** the accent colour in each scheme, contrast-checked against the palette when the settings were read */
  accent: z.optional(z.object({ light: colour, dark: colour })),
  /** a PNG, base64, served at LOGO_PATH (domain/brand.ts); its size in pixels */
  logo: z.optional(z.object({ data: z.base64(), width: z.int().check(z.positive()), height: z.int().check(z.positive()) })),
  privacyUrl: z.optional(https),
  contact: z.optional(z.string().check(z.maxLength(200))),
  callToAction: z.optional(z.object({ text: z.string().check(z.minLength(1), z.maxLength(120)), url: https })),
});
export type Brand = z.infer<typeof brandSchema>;

/** Operator settings as the functions receive them (linked `Settings` resource). */
export const settingsSchema = z.object({
  senderName: z.string().check(z.minLength(1), z.maxLength(80)),
  /** From address; empty means "the SES sender identity itself" (it must then be an address). */
  fromAddress: z.string().check(z.maxLength(254)),
  postalAddress: z.string().check(z.minLength(1), z.maxLength(300)),
  /** Local hour (0–23) at which weekly emails go out in each subscriber's time zone. */
  sendHour: z.int().check(z.gte(0), z.lte(23)),
  /** SES maximum send rate, emails per second. */
  maxSendRate: z.number().check(z.positive()),
  /** Share of the 24-hour SES quota a pass may use (0–1]. */
  quotaShare: z.number().check(z.gt(0), z.lte(1)),
  /** Signups one client (an IPv4 address, an IPv6 /64) may make per hour, whatever becomes of them. */
  signupsPerIpHour: z.int().check(z.gte(1)),
  /** Confirmation emails per hour in all; absent: a documented share of the SES quota. */
  confirmationsPerHour: z.optional(z.int().check(z.gte(1))),
  /** Months a finished (completed or unsubscribed) subscriber's data is kept after the last email. */
  retentionMonths: z.int().check(z.gte(1), z.lte(120)),
  /** the clinic's name, logo, colour, privacy notice, contact line and call to action */
  brand: z.optional(brandSchema),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The address emails come from: the From address, else the sender identity when it is an address. */
export function sendingAddress(sender: string, fromAddress: string): string | undefined {
  const address = fromAddress || sender;
  return address.includes("@") ? address : undefined;
}
