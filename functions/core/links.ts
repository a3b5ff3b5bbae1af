import { signToken, type Purpose, type TokenClaims } from "./tokens";

const CONFIRM_LINK_DAYS = 7;
const DAY_MS = 86_400_000;

/** Absolute, signed links for one subscriber. No address ever appears in a URL. */
export function linksFor(key: string, baseUrl: string, subscriberId: string, now: Date) {
  const link = (path: string, purpose: Purpose, claims: Omit<TokenClaims, "s"> = {}, expires?: Date) =>
    `${baseUrl}${path}?token=${signToken(key, purpose, { s: subscriberId, ...claims }, expires)}`;
  return {
    /** `nonce` binds the link to the one signup round it was mailed for */
    confirm: (nonce?: string) => link("/confirm", "confirm", { n: nonce }, new Date(now.getTime() + CONFIRM_LINK_DAYS * DAY_MS)),
    /** never expires: an unsubscribe link must work in an email read years later */
    unsubscribe: () => link("/unsubscribe", "unsubscribe"),
    pause: () => link("/pause", "pause"),
    export: () => link("/export", "export"),
    delete: () => link("/delete", "delete"),
    /** `round` tells this run of the program from an earlier one after a re-signup */
    checkin: (week: number, score: number, round?: number) => link("/checkin", "checkin", { w: week, v: score, r: round }),
  };
}

export type Links = ReturnType<typeof linksFor>;
