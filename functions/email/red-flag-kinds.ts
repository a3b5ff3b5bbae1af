/** The red-flag fragments: full boxes (first email), reminders (later emails, the last one) and footer notes. */
export const redFlagKinds = ["urgent", "urgent-reminder", "urgent-final", "urgent-checked", "soon", "soon-reminder"] as const;
export type RedFlagKind = (typeof redFlagKinds)[number];
