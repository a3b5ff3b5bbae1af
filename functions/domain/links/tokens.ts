import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import { DomainError } from "../errors";
import { HIGHEST_SCORE, LOWEST_SCORE } from "../../email/pain-scale";

/**
 * Signed, purpose-bound link tokens: `base64url(json payload).base64url(hmac)`.
 * A token made for one purpose (say "checkin") is refused for any other ("unsubscribe").
 * They carry a subscriber id, never an address, and the id of the key that signed them.
 * Whether a verified token still belongs to its subscriber (same round, same link epoch) is
 * for `links.ts` to say: this module only knows signatures, purposes and expiry.
 */
export const purposes = ["confirm", "unsubscribe", "pause", "data", "export", "delete", "checkin", "checked", "end", "followUp"] as const;
export type Purpose = (typeof purposes)[number];

const payloadSchema = z.object({
  p: z.enum(purposes),
  s: z.string().check(z.minLength(1), z.maxLength(64)),
  /** id of the signing key (see `keyId`); absent only in unsubscribe links from before keys had ids */
  k: z.optional(z.string().check(z.minLength(1), z.maxLength(16))),
  /** expiry, epoch seconds; absent only for unsubscribe links, which last as long as their round (`links.ts`) */
  x: z.optional(z.int()),
  /** program week, for check-in links */
  w: z.optional(z.int().check(z.gte(1), z.lte(52))),
  /** pre-selected score, for check-in links */
  v: z.optional(z.int().check(z.gte(LOWEST_SCORE), z.lte(HIGHEST_SCORE))),
  /** which round of the program (epoch ms of its confirmation) */
  r: z.optional(z.int()),
  /** the subscriber's link epoch when the link was made: changing it revokes every earlier link */
  e: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
  /** which signup round (the nonce stored with that signup), for confirm links */
  n: z.optional(z.string().check(z.maxLength(32))),
});
export type TokenPayload = z.infer<typeof payloadSchema>;
export type TokenClaims = Omit<TokenPayload, "p" | "x" | "k">;

/** A link-signing secret and the short id that tokens name it by. */
export interface SigningKey {
  id: string;
  secret: string;
}

/** The key that signs new links, and the earlier ones still accepted during a rotation's grace period. */
export interface LinkKeys {
  current: SigningKey;
  previous: SigningKey[];
  /**
   * The key that signed links before tokens named their key (`TokenKey`). Accepted for
   * unsubscribe links only, so that an email sent before the upgrade can still stop the emails;
   * `holderOf` ends them with the round they were mailed in, at the next email at the latest.
   */
  legacyUnsubscribe?: string;
}

/** A key's id: a short one-way fingerprint, so no operator has to invent or keep ids in step. */
export function keyId(secret: string): string {
  return createHash("sha256").update(`unknot-key-id:${secret}`).digest("base64url").slice(0, 8);
}

export function linkKeys(current: string, previous: readonly string[] = [], legacyUnsubscribe?: string): LinkKeys {
  const key = (secret: string) => ({ id: keyId(secret), secret });
  return { current: key(current), previous: previous.filter((p) => p !== current).map(key), legacyUnsubscribe };
}

/** A fresh link epoch: stored on the subscriber, carried by every link made for them. */
export function newLinkEpoch(): string {
  return randomBytes(12).toString("base64url");
}

const MAX_TOKEN_LENGTH = 512;

function mac(secret: string, body: string): Buffer {
  return createHmac("sha256", secret).update(`unknot-link:${body}`).digest();
}

export function signToken(key: SigningKey, purpose: Purpose, claims: TokenClaims, expiresAt?: Date): string {
  const payload: TokenPayload = { p: purpose, k: key.id, ...claims };
  if (expiresAt) payload.x = Math.floor(expiresAt.getTime() / 1000);
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(key.secret, body).toString("base64url")}`;
}

const invalid = () =>
  new DomainError("invalid", "invalid_link", "This link is not valid. It may have been copied incompletely.");

function decode(body: string): unknown {
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A token's claims, once its signature, purpose and expiry are verified, and how it was made. */
interface Verified {
  claims: TokenClaims;
  /** signed before tokens named their key (see `legacyUnsubscribe`): no round, no epoch, no expiry */
  legacy: boolean;
  expiresAt?: Date;
}

function verified(keys: LinkKeys, token: unknown, purpose: Purpose, now: Date): Verified {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw invalid();
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) throw invalid();
  // the key id is read before the signature is checked, only to pick which key to check it with
  const named = decode(body) as { k?: unknown } | undefined;
  const legacy = named?.k === undefined;
  const secret = legacy
    ? purpose === "unsubscribe"
      ? keys.legacyUnsubscribe
      : undefined
    : [keys.current, ...keys.previous].find((k) => k.id === named.k)?.secret;
  if (!secret) throw invalid();
  const expected = mac(secret, body);
  const given = Buffer.from(signature, "base64url");
  // the decoder is lenient (stray characters, unused low bits): accept only the one canonical spelling
  const canonical = given.toString("base64url") === signature;
  if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  const parsed = payloadSchema.safeParse(named);
  if (!parsed.success || parsed.data.p !== purpose) throw invalid();
  const { p: _purpose, x: expiry, k: _key, ...claims } = parsed.data;
  if (expiry !== undefined && expiry * 1000 < now.getTime()) {
    throw new DomainError("gone", "expired_link", "This link has expired.");
  }
  return { claims, legacy, expiresAt: expiry === undefined ? undefined : new Date(expiry * 1000) };
}

export function verifyToken(keys: LinkKeys, token: unknown, purpose: Purpose, now: Date): TokenClaims {
  return verified(keys, token, purpose, now).claims;
}

/**
 * A link whose signature, purpose and expiry were verified where it came in (the web edge):
 * who it names and what it is bound to. The domain takes these, never a raw token, so it
 * checks only what needs the record (the round, the link epoch).
 */
export interface VerifiedLink<P extends Purpose = Purpose> {
  purpose: P;
  claims: TokenClaims;
  /** an unsubscribe link from before tokens named their key, round and epoch (see `holderOf`) */
  legacy?: boolean;
  /** when the link runs out, if it does */
  expiresAt?: Date;
}

/** Verifies a token as a link of `purpose`; throws a 400 (or 410 when expired) otherwise. */
export function verifyLink<P extends Purpose>(keys: LinkKeys, token: unknown, purpose: P, now: Date): VerifiedLink<P> {
  const { claims, legacy, expiresAt } = verified(keys, token, purpose, now);
  return legacy ? { purpose, claims, legacy, expiresAt } : { purpose, claims, expiresAt };
}

/**
 * A stable, keyed id for an address: the table key, and what links carry instead of the
 * address. Its key (`TokenKey`) never rotates; link keys do, without changing any id.
 */
export function subscriberIdFor(idKey: string, normalisedEmail: string): string {
  return createHmac("sha256", idKey).update(`unknot-subscriber:${normalisedEmail}`).digest("base64url").slice(0, 27);
}
