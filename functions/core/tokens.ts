import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import { VisibleError } from "./errors";

/**
 * Signed, purpose-bound link tokens: `base64url(json payload).base64url(hmac)`.
 * A token made for one purpose (say "checkin") is refused for any other ("unsubscribe").
 * They carry a subscriber id, never an address.
 */
export const purposes = ["confirm", "unsubscribe", "pause", "export", "delete", "checkin"] as const;
export type Purpose = (typeof purposes)[number];

const payloadSchema = z.object({
  p: z.enum(purposes),
  s: z.string().check(z.minLength(1), z.maxLength(64)),
  /** expiry, epoch seconds; absent for links that never expire (unsubscribe) */
  x: z.optional(z.int()),
  /** program week, for check-in links */
  w: z.optional(z.int().check(z.gte(1), z.lte(52))),
  /** pre-selected score, for check-in links */
  v: z.optional(z.int().check(z.gte(0), z.lte(10))),
  /** which round of the program (epoch seconds of its confirmation), for check-in links */
  r: z.optional(z.int()),
  /** which signup round (the nonce stored with that signup), for confirm links */
  n: z.optional(z.string().check(z.maxLength(32))),
});
export type TokenPayload = z.infer<typeof payloadSchema>;
export type TokenClaims = Omit<TokenPayload, "p" | "x">;

const MAX_TOKEN_LENGTH = 512;

function mac(key: string, body: string): Buffer {
  return createHmac("sha256", key).update(`unknot-link:${body}`).digest();
}

export function signToken(
  key: string,
  purpose: Purpose,
  claims: TokenClaims,
  expiresAt?: Date,
): string {
  const payload: TokenPayload = { p: purpose, ...claims };
  if (expiresAt) payload.x = Math.floor(expiresAt.getTime() / 1000);
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(key, body).toString("base64url")}`;
}

const invalid = () =>
  new VisibleError(400, "invalid_link", "This link is not valid. It may have been copied incompletely.");

export function verifyToken(key: string, token: unknown, purpose: Purpose, now: Date): TokenClaims {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw invalid();
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) throw invalid();
  const expected = mac(key, body);
  const given = Buffer.from(signature, "base64url");
  // the decoder is lenient (stray characters, unused low bits): accept only the one canonical spelling
  const canonical = given.toString("base64url") === signature;
  if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.p !== purpose) throw invalid();
  const { p: _purpose, x: expiry, ...claims } = parsed.data;
  if (expiry !== undefined && expiry * 1000 < now.getTime()) {
    throw new VisibleError(410, "expired_link", "This link has expired.");
  }
  return claims;
}

/** A stable, keyed id for an address: the table key, and what links carry instead of the address. */
export function subscriberIdFor(key: string, normalisedEmail: string): string {
  return createHmac("sha256", key).update(`unknot-subscriber:${normalisedEmail}`).digest("base64url").slice(0, 27);
}
