/*
 * What email is given to build from. The use case passes these in; email declares the shapes it
 * reads here and imports nothing from core (core's values fit them as they are).
 */

/** The signed links an email carries, made for one subscriber. */
export interface EmailLinks {
  unsubscribe: () => string;
  pause: () => string;
  /** the "your data" page */
  data: () => string;
  delete: () => string;
  /** "a doctor has checked my urgent warning sign" */
  checked: () => string;
  /** one week's check-in: with a score, the link for that number; without, the page itself */
  checkin: (week: number, score?: number) => string;
  /** the questions after the last email (and the follow-up's opt-in) */
  end: () => string;
  /** the follow-up's questions */
  followUp: () => string;
}

/** The subscriber fields an email reads. */
export interface Recipient {
  email: string;
  /** their self-check answers: which personal notes they get */
  answers: readonly string[];
  /** their program's week ids, in order */
  program?: readonly string[];
  /** weekly check-ins keyed by week ("1", "2"…); email shows only the notes */
  checkins?: Readonly<Record<string, { note?: string }>>;
}

/** The operator's brand as an email shows it; the logo by its absolute URL. */
export interface EmailBrand {
  name: string;
  logo?: { url: string; width: number; height: number };
  /** the accent in the light and the dark scheme, in place of the palette's */
  accent?: { light: string; dark: string };
  privacyUrl?: string;
  contact?: string;
  callToAction?: { text: string; url: string };
}

/** The operator settings every email's masthead and footer show. Without a brand: the sender's name, the palette's look. */
export interface EmailSettings {
  senderName: string;
  postalAddress: string;
  brand?: EmailBrand;
}

export interface WeekScore {
  week: number;
  score: number;
}

/** The subscriber's check-in scores so far, as the use case worked them out, for the last email's look back. */
export interface Trend {
  /** every week from 1, in order; `score` is absent for a week without a check-in */
  weeks: readonly { week: number; score?: number }[];
  scores: readonly WeekScore[];
  first?: WeekScore;
  last?: WeekScore;
  /** from the first recorded score to the last; absent with fewer than two */
  direction?: "down" | "same" | "up";
  /** the scores went up, or the latest one is still high */
  seeProfessional: boolean;
}
