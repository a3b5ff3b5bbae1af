import * as z from "zod/mini";

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
});
export type Settings = z.infer<typeof settingsSchema>;

/** The address emails come from: the From address, else the sender identity when it is an address. */
export function sendingAddress(sender: string, fromAddress: string): string | undefined {
  const address = fromAddress || sender;
  return address.includes("@") ? address : undefined;
}
