/**
 * The safety fragments an email can carry (`templates/system/`): the warning-sign boxes (first
 * email, or a sign first reported at a check-in), reminders (later emails, the last one), footer
 * notes, the "told not to exercise" boxes, and the answers to a worrying check-in.
 */
export const redFlagKinds = [
  "urgent",
  "urgent-reminder",
  "urgent-final",
  "urgent-checked",
  "rest",
  "rest-final",
  "soon",
  "soon-reminder",
  "soon-movement",
  "checkin-high",
  "checkin-rise",
] as const;
export type RedFlagKind = (typeof redFlagKinds)[number];

/** The Markdown file each kind is written in, under `templates/system/`. */
export const redFlagFile = (kind: RedFlagKind) => (kind.startsWith("checkin-") ? `${kind}.md` : `red-flags-${kind}.md`);
