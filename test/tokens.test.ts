import { describe, expect, it } from "vitest";
import { DomainError } from "../functions/domain/errors";
import { statusOfKind } from "../functions/web/errors";
import { linksFor } from "../functions/domain/links/links";
import { linkKeys, signToken, subscriberIdFor, verifyToken, type Purpose } from "../functions/domain/links/tokens";

const KEY = "test-key-0123456789-abcdefghijklmnop";
const OTHER_KEY = "another-key-0123456789-abcdefghijkl";
const KEYS = linkKeys(KEY);
const OTHER_KEYS = linkKeys(OTHER_KEY);
const SIGNER = KEYS.current;
const NOW = new Date("2025-03-01T09:00:00Z");
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Runs `fn` and returns the DomainError it throws; fails the test on anything else. */
function visibleErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}

/** The HTTP status the web layer answers the error with. */
const statusOf = (fn: () => unknown) => statusOfKind[visibleErrorOf(fn).kind];

/** `token` with the character at `index` replaced by `replacement`. */
const withCharAt = (token: string, index: number, replacement: string) =>
  token.slice(0, index) + replacement + token.slice(index + 1);

/** The JSON a token carries, read the way anyone holding the link could. */
function payloadOf(token: string): Record<string, unknown> {
  const [body] = token.split(".");
  return JSON.parse(Buffer.from(body!, "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("signed link tokens", () => {
  it("verify for their purpose and give back their claims, without purpose or expiry", () => {
    const token = signToken(SIGNER, "checkin", { s: "sub-123", w: 3, v: 7 }, new Date(NOW.getTime() + DAY_MS));
    expect(verifyToken(KEYS, token, "checkin", NOW)).toEqual({ s: "sub-123", w: 3, v: 7 });

    const unsubscribe = signToken(SIGNER, "unsubscribe", { s: "sub-123" });
    expect(verifyToken(KEYS, unsubscribe, "unsubscribe", NOW)).toEqual({ s: "sub-123" });
  });

  it("are URL-safe: nothing in them needs escaping in a query string", () => {
    const token = signToken(SIGNER, "confirm", { s: subscriberIdFor(KEY, "reader@example.com") }, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it("refuse a payload that was changed, even to a well-formed one", () => {
    const token = signToken(SIGNER, "checkin", { s: "sub-123", w: 3, v: 2 });
    const [body, signature] = token.split(".") as [string, string];

    // someone edits the score and re-encodes the payload, keeping the old signature
    const forged = Buffer.from(JSON.stringify({ ...payloadOf(token), v: 10 })).toString("base64url");
    expect(statusOf(() => verifyToken(KEYS, `${forged}.${signature}`, "checkin", NOW))).toBe(400);

    // or changes any single character of the payload
    for (let i = 0; i < body.length; i++) {
      const other = body[i] === "A" ? "B" : "A";
      expect(statusOf(() => verifyToken(KEYS, withCharAt(token, i, other), "checkin", NOW))).toBe(400);
    }
  });

  it("refuse a signature with any one character changed", () => {
    const token = signToken(SIGNER, "checkin", { s: "sub-123", w: 3, v: 2 });
    const dot = token.indexOf(".");
    const accepted: string[] = [];
    for (let i = dot + 1; i < token.length; i++) {
      for (const other of BASE64URL) {
        if (other === token[i]) continue;
        const tampered = withCharAt(token, i, other);
        try {
          verifyToken(KEYS, tampered, "checkin", NOW);
          accepted.push(`position ${i - dot - 1}: ${token[i]} -> ${other}`);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect(statusOfKind[(error as DomainError).kind]).toBe(400);
        }
      }
    }
    expect(accepted, "tampered signatures that were accepted").toEqual([]);
  });

  it("refuse a signature with characters added to it", () => {
    const token = signToken(SIGNER, "unsubscribe", { s: "sub-123" });
    const dot = token.indexOf(".");
    const variants = [
      `${token}A`,
      `${token}=`,
      `${token}!`,
      `${token} `,
      `${token.slice(0, dot + 10)}\n${token.slice(dot + 10)}`,
      `${token}.`,
      `${token}.extra`,
    ];
    const accepted: string[] = [];
    for (const variant of variants) {
      try {
        verifyToken(KEYS, variant, "unsubscribe", NOW);
        accepted.push(JSON.stringify(variant.slice(dot + 1)));
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect(statusOfKind[(error as DomainError).kind]).toBe(400);
      }
    }
    expect(accepted, "signatures with extra characters that were accepted").toEqual([]);
  });

  it("made for one purpose are refused for every other", () => {
    const purposes: Purpose[] = ["confirm", "unsubscribe", "pause", "export", "delete", "checkin", "checked"];
    for (const made of purposes) {
      const token = signToken(SIGNER, made, { s: "sub-123" });
      for (const used of purposes) {
        if (used === made) expect(verifyToken(KEYS, token, used, NOW)).toEqual({ s: "sub-123" });
        else expect(statusOf(() => verifyToken(KEYS, token, used, NOW)), `${made} used as ${used}`).toBe(400);
      }
    }
  });

  it("say 410 (expired) once their expiry has passed, and work until then", () => {
    const expiresAt = new Date(NOW.getTime() + 7 * DAY_MS);
    const token = signToken(SIGNER, "confirm", { s: "sub-123" }, expiresAt);
    expect(verifyToken(KEYS, token, "confirm", new Date(expiresAt.getTime() - 1000))).toEqual({ s: "sub-123" });

    const expired = visibleErrorOf(() => verifyToken(KEYS, token, "confirm", new Date(expiresAt.getTime() + 1000)));
    expect(statusOfKind[expired.kind]).toBe(410);
    expect(expired.message).toMatch(/expired/);
  });

  it("without an expiry (unsubscribe links) still work ten years later", () => {
    const token = signToken(SIGNER, "unsubscribe", { s: "sub-123" });
    expect(payloadOf(token)).not.toHaveProperty("x");
    expect(verifyToken(KEYS, token, "unsubscribe", new Date(NOW.getTime() + 10 * YEAR_MS))).toEqual({ s: "sub-123" });
  });

  it("signed with another key are refused", () => {
    const token = signToken(OTHER_KEYS.current, "unsubscribe", { s: "sub-123" });
    expect(statusOf(() => verifyToken(KEYS, token, "unsubscribe", NOW))).toBe(400);
    expect(verifyToken(OTHER_KEYS, token, "unsubscribe", NOW)).toEqual({ s: "sub-123" });
  });

  it("answer garbage with a 400 and a readable message, never another kind of error", () => {
    const garbage: unknown[] = [
      undefined,
      null,
      42,
      ["a.b"],
      "",
      ".",
      "a.b.c",
      "abc",
      "a.",
      ".b",
      "x".repeat(10 * 1024),
      `${"x".repeat(5 * 1024)}.${"y".repeat(5 * 1024)}`,
      "!!!!.@@@@",
      "%%%.***",
      "ü€😀.ß",
      "bm90IGpzb24.c2lnbmF0dXJl",
    ];
    for (const input of garbage) {
      const error = visibleErrorOf(() => verifyToken(KEYS, input, "confirm", NOW));
      expect(statusOfKind[error.kind], String(input).slice(0, 40)).toBe(400);
      expect(error.message).toMatch(/not valid/);
    }
  });

  it("that are validly signed but carry out-of-range claims are refused with 400", () => {
    const badWeek = signToken(SIGNER, "checkin", { s: "sub-123", w: 0, v: 5 });
    expect(statusOf(() => verifyToken(KEYS, badWeek, "checkin", NOW))).toBe(400);
    const badScore = signToken(SIGNER, "checkin", { s: "sub-123", w: 2, v: 11 });
    expect(statusOf(() => verifyToken(KEYS, badScore, "checkin", NOW))).toBe(400);
    const noSubscriber = signToken(SIGNER, "checkin", { s: "" });
    expect(statusOf(() => verifyToken(KEYS, noSubscriber, "checkin", NOW))).toBe(400);
  });
});

describe("subscriber ids", () => {
  const address = "reader.one+back@mail.example.com";

  it("are stable for the same key and address", () => {
    expect(subscriberIdFor(KEY, address)).toBe(subscriberIdFor(KEY, address));
  });

  it("differ across keys and across addresses", () => {
    expect(subscriberIdFor(OTHER_KEY, address)).not.toBe(subscriberIdFor(KEY, address));
    expect(subscriberIdFor(KEY, "reader.two+back@mail.example.com")).not.toBe(subscriberIdFor(KEY, address));
    expect(subscriberIdFor(KEY, "reader.one+back@mail.example.org")).not.toBe(subscriberIdFor(KEY, address));
  });

  it("contain no part of the address and fit in a token", () => {
    const id = subscriberIdFor(KEY, address);
    expect(id).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
    for (const part of [address, "reader.one", "reader", "back", "mail.example.com", "example"]) {
      expect(id.toLowerCase()).not.toContain(part);
    }
  });
});

describe("links and tokens never carry the address", () => {
  it("in any link unknot puts in an email", () => {
    const address = "private.person@clinic-patients.example";
    const id = subscriberIdFor(KEY, address);
    const links = linksFor(KEYS, "https://unknot.example", { pk: id, confirmedAt: NOW.toISOString(), linkEpoch: "epoch-1" }, NOW);
    const all = [
      links.confirm(),
      links.unsubscribe(),
      links.pause(),
      links.export(),
      links.delete(),
      links.checkin(4, 6),
    ];
    for (const link of all) {
      const token = new URL(link).searchParams.get("token")!;
      const payload = payloadOf(token);
      expect(payload.s).toBe(id);
      const decoded = JSON.stringify(payload).toLowerCase();
      for (const part of [address, "private.person", "private", "clinic-patients", "@"]) {
        expect(decoded).not.toContain(part);
        expect(link.toLowerCase()).not.toContain(part);
      }
    }
  });
});

describe("key rotation", () => {
  const OLD = "the-old-link-key-0123456789abcdef";
  const NEW = "the-new-link-key-0123456789abcdef";
  const old = linkKeys(OLD);
  const rotating = linkKeys(NEW, [OLD]);
  const rotated = linkKeys(NEW);

  it("names the signing key in every token, by a one-way id that gives nothing of the key away", () => {
    const token = signToken(rotating.current, "pause", { s: "sub-123" });
    expect(payloadOf(token).k).toBe(rotating.current.id);
    expect(rotating.current.id).not.toBe(old.current.id);
    expect(NEW).not.toContain(rotating.current.id);
  });

  it("accepts the previous key's tokens while it is set, signs only with the new one, and refuses them after", () => {
    const before = signToken(old.current, "pause", { s: "sub-123", e: "epoch" });
    expect(verifyToken(rotating, before, "pause", NOW)).toEqual({ s: "sub-123", e: "epoch" });
    expect(statusOf(() => verifyToken(rotated, before, "pause", NOW))).toBe(400);
    const after = signToken(rotating.current, "pause", { s: "sub-123" });
    expect(verifyToken(rotated, after, "pause", NOW)).toEqual({ s: "sub-123" });
  });

  it("refuses a token that names a known key id but was signed with another secret", () => {
    const forged = signToken({ id: rotating.current.id, secret: "guess-0123456789abcdef" }, "delete", { s: "sub-123" });
    expect(statusOf(() => verifyToken(rotating, forged, "delete", NOW))).toBe(400);
  });

  it("never changes a subscriber id: ids come from the id key alone", () => {
    const idKey = "the-id-key-stays-0123456789abcdef";
    const id = subscriberIdFor(idKey, "reader@example.com");
    const links = (keys: typeof old) =>
      new URL(linksFor(keys, "https://unknot.example", { pk: id }, NOW).pause()).searchParams.get("token")!;
    expect(verifyToken(rotating, links(old), "pause", NOW).s).toBe(id);
    expect(verifyToken(rotated, links(rotating), "pause", NOW).s).toBe(id);
  });
});
