import { z } from "zod";

/** Operator settings as the functions receive them (linked `Settings` resource). */
export const settingsSchema = z.object({
  senderName: z.string().min(1).max(80),
  /** From address; empty means "the SES sender identity itself" (it must then be an address). */
  fromAddress: z.string().max(254),
  postalAddress: z.string().min(1).max(300),
  /** Local hour (0–23) at which weekly emails go out in each subscriber's time zone. */
  sendHour: z.number().int().min(0).max(23),
  /** SES maximum send rate, emails per second. */
  maxSendRate: z.number().positive(),
  /** Share of the 24-hour SES quota a pass may use (0–1]. */
  quotaShare: z.number().gt(0).max(1),
});
export type Settings = z.infer<typeof settingsSchema>;
