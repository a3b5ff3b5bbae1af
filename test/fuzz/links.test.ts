import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Links } from "../../functions/domain/links/links";
import { flagIds, type Flag } from "../../functions/domain/subscriber/self-check";
import { doctorAnswers } from "../../functions/domain/checkin/checked";
import { roundOf, type Subscriber } from "../../functions/domain/subscriber/subscriber";
import type { StoredSubscriber } from "../support/memory-stack";
import { keyId, purposes, signToken, subscriberIdFor, type Purpose, type SigningKey, type TokenClaims } from "../../functions/domain/links/tokens";
import {
  anyText,
  arbitraryBody,
  bodyOf,
  doors,
  edge,
  encodeForm,
  FORM,
  type Answer,
  type Fields,
  junkParams,
  malformedMultipart,
  percentEncode,
  rawQueryText,
  runs,
  snapshot,
  useFuzzRig,
} from "../support/fuzz";
import { subscriberItem, type SeedState } from "../support/seed";

/**
 * Every route that acts on a signed link, fuzzed through both doors (the app as served locally
 * and the Lambda entry point), GET and POST: broken, forged, expired, misdirected and missing
 * tokens get a 4xx and change nothing; valid links still work whatever else the request
 * carries. A new link route is one more entry in `routes`.
 */

interface TokenRoute {
  path: `/${string}`;
  purpose: Purpose;
  /** the link the app puts in its emails, for a subscriber in `state` */
  link(links: Links): string;
  state: SeedState;
  /** warning signs the seeded subscriber ticked */
  flags?: Flag[];
  /** what a valid GET shows (and it changes nothing) */
  shows: RegExp;
  /** what the token must still match on the subscriber: confirm links are the signup's own (the latest email's unsubscribe link also outlives "sign out all links": test/attack) */
  bound: "nothing" | "round" | "round and epoch";
  /** signed, of the right purpose, and still to be refused for this route */
  refusedClaims?: (bound: TokenClaims) => TokenClaims[];
  /** for a route whose POST reads a form: forms that do the job, and forms to refuse */
  form?: { fields: readonly string[]; valid: fc.Arbitrary<[string, string][]>; invalid: fc.Arbitrary<[string, string][]> };
  /** whether a valid POST writes to the table (the watcher must see it) */
  writes: boolean;
  /** what a valid POST leaves behind */
  done(before: Subscriber, after: StoredSubscriber | undefined, answer: Answer, form: Fields): void;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
/** What a POST may carry: an HTML form, or no content type at all (a button with no fields, from no browser). */
const isForm = (type?: string) => !type || /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type);
const score = fc.integer({ min: 0, max: 10 }).map(String);
const note = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 280 }),
  fc.string({ maxLength: 140, unit: "grapheme" }).filter((n) => n.length <= 280 && !CONTROL.test(n)),
);

const routes: TokenRoute[] = [
  {
    path: "/confirm",
    bound: "nothing",
    writes: true,
    purpose: "confirm",
    link: (l) => l.confirm(),
    state: "pending",
    shows: /Confirm your subscription/,
    done: (_, after) => expect(after).toMatchObject({ status: "active", week: 1 }),
  },
  {
    path: "/unsubscribe",
    bound: "round and epoch",
    writes: true,
    purpose: "unsubscribe",
    link: (l) => l.unsubscribe(),
    state: "active",
    shows: /Leave unknot\?/,
    done: (_, after) => {
      expect(after?.status).toBe("unsubscribed");
      expect(after?.dueAt).toBeUndefined();
    },
  },
  {
    path: "/checkin",
    bound: "round and epoch",
    writes: true,
    purpose: "checkin",
    link: (l) => l.checkin(1, 7),
    state: "active",
    shows: /How is your back this week\?/,
    // week 1 is the only week sent; a link without a week is no check-in link
    refusedClaims: (bound) => [bound, { ...bound, w: 2 }, { ...bound, w: 9, v: 3 }, { ...bound, w: 52 }],
    form: {
      fields: ["score", "note", "flags"],
      valid: fc.tuple(score, note).map(([s, n]) => [["score", s], ...(n === undefined ? [] : [["note", n] as [string, string]])]),
      invalid: fc.oneof(
        fc.tuple(anyText(4).filter((s) => !/^(?:[0-9]|10)$/.test(s)), note).map(([s, n]): [string, string][] => [["score", s], ["note", n ?? ""]]),
        note.map((n): [string, string][] => [["note", n ?? ""]]),
        fc.tuple(score, fc.integer({ min: 281, max: 2000 })).map(([s, n]): [string, string][] => [["score", s], ["note", "x".repeat(n)]]),
        fc.tuple(score, score).map(([a, b]): [string, string][] => [["score", a], ["score", b]]),
        fc.tuple(score, fc.constantFrom("\n", "\r", "\u0000", "\t", "\u007f")).map(([s, c]): [string, string][] => [["score", s], ["note", `fine${c}`]]),
        // a warning sign the check-in page never offers
        fc.tuple(score, anyText(12).filter((f) => !(flagIds as readonly string[]).includes(f))).map(([s, f]): [string, string][] => [["score", s], ["flags", f]]),
      ),
    },
    done: (_, after, __, form) => {
      const sent = form.find(([name]) => name === "score")![1];
      expect(after?.checkins?.["1"]?.score).toBe(Number(sent));
    },
  },
  {
    path: "/checked",
    bound: "round and epoch",
    writes: true,
    purpose: "checked",
    link: (l) => l.checked(),
    state: "active",
    flags: ["saddle"],
    shows: /Has a doctor checked you\?/,
    form: {
      fields: ["answer"],
      // (an "undo" from someone who hasn't answered writes nothing: test/safety-net.test.ts undoes real answers)
      valid: fc.constantFrom("checked", "rest").map((answer): [string, string][] => [["answer", answer]]),
      invalid: fc.oneof(
        anyText(10).filter((a) => !(doctorAnswers as readonly string[]).includes(a)).map((answer): [string, string][] => [["answer", answer]]),
        fc.constant<[string, string][]>([]),
        fc.constant<[string, string][]>([["answer", "checked"], ["answer", "undo"]]),
      ),
    },
    done: (_, after, __, form) => {
      const answer = form[0]![1];
      expect(after?.checkedAt !== undefined).toBe(answer === "checked");
      expect(after?.restAdvisedAt !== undefined).toBe(answer === "rest");
    },
  },
  {
    path: "/pause",
    bound: "round and epoch",
    writes: true,
    purpose: "pause",
    link: (l) => l.pause(),
    state: "active",
    shows: /Take a break/,
    form: {
      fields: ["weeks", "action"],
      valid: fc
        .tuple(fc.constantFrom("2", "4"), fc.constantFrom(undefined, "pause", "", "anything"))
        .map(([weeks, action]) => [["weeks", weeks], ...(action === undefined ? [] : [["action", action] as [string, string]])]),
      invalid: fc.oneof(
        anyText(4).filter((w) => w !== "2" && w !== "4").map((weeks): [string, string][] => [["weeks", weeks], ["action", "pause"]]),
        fc.constant<[string, string][]>([["action", "pause"]]),
        fc.constantFrom("2", "4").map((w): [string, string][] => [["weeks", w], ["weeks", w]]),
      ),
    },
    done: (_, after) => {
      expect(after?.status).toBe("paused");
      expect(after?.pausedUntil).toBeGreaterThan(Date.now());
    },
  },
  {
    path: "/end",
    bound: "round and epoch",
    writes: true,
    purpose: "end",
    link: (l) => l.end(),
    state: "completed",
    shows: /How is your back now\?/,
    form: {
      fields: ["pain", "enjoyment", "activity", "change", "followUp"],
      valid: fc
        .tuple(fc.option(score), fc.option(fc.oneof(score, fc.constant(""))), fc.option(fc.constantFrom("muchBetter", "same", "muchWorse", "")), fc.option(fc.constant("yes")))
        .map(([pain, enjoyment, change, followUp]) =>
          [["pain", pain], ["enjoyment", enjoyment], ["change", change], ["followUp", followUp]].filter((f): f is [string, string] => f[1] !== null),
        )
        // an empty form saves nothing: it is refused (below)
        .filter((fields) => fields.some(([, value]) => value !== "")),
      invalid: fc.oneof(
        fc.constant<[string, string][]>([]),
        fc.constant<[string, string][]>([["pain", ""], ["enjoyment", ""]]),
        anyText(4).filter((s) => !/^(?:[0-9]|10)?$/.test(s)).map((pain): [string, string][] => [["pain", pain]]),
        anyText(12).filter((c) => !["", "muchBetter", "better", "same", "worse", "muchWorse"].includes(c)).map((c): [string, string][] => [["change", c]]),
        anyText(4).filter((f) => f !== "yes").map((f): [string, string][] => [["followUp", f]]),
        fc.tuple(score, score).map(([a, b]): [string, string][] => [["activity", a], ["activity", b]]),
      ),
    },
    done: (_, after, __, form) => {
      const pain = form.find(([name]) => name === "pain")?.[1];
      expect(after?.atEnd?.pain).toBe(pain === undefined ? undefined : Number(pain));
      const asked = form.some(([name, value]) => name === "followUp" && value === "yes");
      expect(after?.status).toBe(asked ? "followUp" : "completed");
    },
  },
  {
    path: "/follow-up",
    bound: "round and epoch",
    writes: true,
    purpose: "followUp",
    link: (l) => l.followUp(),
    state: "followedUp",
    shows: /The same questions as at the end of the program/,
    form: {
      fields: ["pain", "enjoyment", "activity", "change"],
      valid: fc
        .tuple(fc.option(score), fc.option(score), fc.option(fc.constantFrom("better", "worse")))
        .map(([pain, activity, change]) =>
          [["pain", pain], ["activity", activity], ["change", change]].filter((f): f is [string, string] => f[1] !== null),
        )
        .filter((fields) => fields.length > 0),
      invalid: fc.oneof(
        fc.constant<[string, string][]>([]),
        fc.constant<[string, string][]>([["pain", ""], ["change", ""]]),
        anyText(4).filter((s) => !/^(?:[0-9]|10)?$/.test(s)).map((enjoyment): [string, string][] => [["enjoyment", enjoyment]]),
        fc.tuple(score, score).map(([a, b]): [string, string][] => [["pain", a], ["pain", b]]),
      ),
    },
    done: (_, after, __, form) => {
      const pain = form.find(([name]) => name === "pain")?.[1];
      expect(after?.atFollowUp?.pain).toBe(pain === undefined ? undefined : Number(pain));
      expect(after?.status).toBe("completed");
    },
  },
  {
    path: "/export",
    bound: "round and epoch",
    writes: false,
    purpose: "export",
    link: (l) => l.export(),
    state: "active",
    shows: /Download your data/,
    done: (before, after, answer) => {
      expect(JSON.parse(answer.body)).toMatchObject({ email: before.email, status: before.status });
      expect(after).toEqual(before);
    },
  },
  {
    path: "/delete",
    bound: "round and epoch",
    writes: true,
    purpose: "delete",
    link: (l) => l.delete(),
    state: "active",
    shows: /Delete your data\?/,
    done: (_, after) => expect(after).toBeUndefined(),
  },
  {
    path: "/my-data",
    bound: "round and epoch",
    writes: true,
    purpose: "data",
    link: (l) => l.data(),
    state: "active",
    shows: /Email me a download link/,
    form: {
      fields: ["action"],
      valid: fc.constantFrom<[string, string][]>([["action", "email"]], [["action", "sign-out"]]),
      invalid: fc.oneof(
        anyText(10).filter((a) => a !== "email" && a !== "sign-out").map((action): [string, string][] => [["action", action]]),
        fc.constant<[string, string][]>([]),
        fc.constant<[string, string][]>([["action", "email"], ["action", "sign-out"]]),
      ),
    },
    done: (before, after, _, form) => {
      if (form[0]![1] === "email") expect(after?.dataLinkSentAt).toBeGreaterThan(0);
      else expect(after?.linkEpoch).not.toBe(before.linkEpoch);
    },
  },
];

// ---- the stack, the people behind the links ----

const rig = useFuzzRig();
const send: ReturnType<typeof edge> = (...args) => rig.send(...args);
let key: string;
let signer: SigningKey;

const VALID_POSTS = 120;

/** Seeds `count` subscribers in `state` and gives back their addresses. */
async function people(name: string, state: SeedState, count: number, flags?: Flag[]): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, i) => `${name}.${i}@example.com`);
  await rig.stack.put(emails.map((email) => subscriberItem(key, email, { state, flags })));
  return emails;
}

beforeAll(() => {
  key = rig.stack.context.key;
  signer = rig.stack.context.linkKeys.current;
});

const queryOf = (link: string) => new URL(link).search.slice(1);
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
const stored = (email: string) => rig.stack.context.store.get(subscriberIdFor(key, email));

/** No page, whatever went in, carries a script other than the app's own. */
function expectNoInjectedScript(answer: Answer) {
  const own = ['<script src="/assets/tz.js" defer="">', '<script src="/assets/advice.js" defer="">'];
  expect(answer.body.match(/<script\b[^>]*>/gi)?.filter((tag) => !own.includes(tag)) ?? []).toEqual([]);
}

async function expectNoChange(what: string, batch: () => Promise<void>) {
  const before = await snapshot(rig.stack);
  await batch();
  expect(await snapshot(rig.stack), `${what}: the table and the mailbox are unchanged`).toEqual(before);
}

// ---- tokens that must be refused ----

const B64URL = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"];

/** Every way a real token can arrive damaged: one character changed, lost or added, cut short, rearranged. */
function damaged(valid: string): fc.Arbitrary<string> {
  const [body, signature] = valid.split(".") as [string, string];
  return fc
    .oneof(
      fc
        .tuple(fc.nat(valid.length - 1), fc.constantFrom(...B64URL, ".", "=", "+", "/", " ", "%"))
        .map(([i, c]) => valid.slice(0, i) + c + valid.slice(i + 1)),
      fc.nat(valid.length - 1).map((i) => valid.slice(0, i) + valid.slice(i + 1)),
      fc.tuple(fc.nat(valid.length), fc.constantFrom(...B64URL, ".", "=")).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i)),
      fc.nat(valid.length - 1).map((n) => valid.slice(0, n)),
      fc.constantFrom(
        `${valid}=`,
        `${valid}.`,
        `${valid}.${signature}`,
        `${signature}.${body}`,
        `${body}.${body}`,
        body,
        `.${signature}`,
        valid.toUpperCase(),
        valid.toLowerCase(),
        ` ${valid}`,
        `${valid}\n`,
      ),
    )
    .filter((token) => token !== valid);
}

/**
 * Correctly formed tokens that the key didn't sign for this route: other purposes, other keys,
 * out-of-range claims, expired, and revoked ones (another round, an old link epoch, none at all).
 * Each carries the victim's current round and epoch unless that is what it forges.
 */
function forged(route: TokenRoute, victim: Subscriber): fc.Arbitrary<string> {
  const others = purposes.filter((p) => p !== route.purpose);
  const bound = { s: victim.pk, r: roundOf(victim), e: victim.linkEpoch };
  const claims = (extra: object) => ({ ...bound, w: 1, ...extra }) as TokenClaims;
  const otherSecret = fc.string({ minLength: 16, maxLength: 40 }).filter((k) => k !== signer.secret);
  return fc.oneof(
    fc.constantFrom(...others).map((purpose) => signToken(signer, purpose, claims({ v: 5 }))),
    otherSecret.map((other) => signToken({ id: keyId(other), secret: other }, route.purpose, claims({}))),
    otherSecret.map((other) => signToken({ id: signer.id, secret: other }, route.purpose, claims({}))),
    fc.integer({ min: 2, max: 1_000_000_000 }).map((ago) => signToken(signer, route.purpose, claims({}), new Date(Date.now() - ago * 1000))),
    fc
      .constantFrom<object>({ s: "" }, { s: "x".repeat(65) }, { w: 0 }, { w: 53 }, { w: 1.5 }, { v: -1 }, { v: 11 }, { v: 2.5 }, { x: "soon" }, { e: "" }, { r: "1" })
      .map((bad) => signToken(signer, route.purpose, claims(bad))),
    ...revocations(route, bound).map((revoked) => fc.constant(signToken(signer, route.purpose, claims(revoked)))),
    fc.constant(signToken(signer, "bogus" as Purpose, claims({}))),
    ...(route.refusedClaims ? [fc.constantFrom(...route.refusedClaims(bound)).map((c) => signToken(signer, route.purpose, c))] : []),
  );
}

/** Claims that a newer round or "sign out all links" has revoked, for a route that checks them. */
function revocations(route: TokenRoute, bound: TokenClaims): object[] {
  const otherRound = [{ r: (bound.r ?? 0) - 1 }, { r: (bound.r ?? 0) + 1 }];
  const oldEpoch = [{ e: "an-older-epoch" }, { e: undefined }, { r: undefined }, { r: undefined, e: undefined }];
  return route.bound === "nothing" ? [] : route.bound === "round" ? otherRound : [...otherRound, ...oldEpoch];
}

/** A query string carrying no usable token for this route. */
function refusedQuery(route: TokenRoute, validLink: string, victim: Subscriber): fc.Arbitrary<string> {
  const valid = tokenOf(validLink);
  const withJunk = (token: fc.Arbitrary<string>) =>
    fc.tuple(token, junkParams, fc.nat()).map(([t, junk, at]) => {
      const params = [...junk];
      params.splice(at % (params.length + 1), 0, `token=${percentEncode(t)}`);
      return params.join("&");
    });
  return fc.oneof(
    withJunk(damaged(valid)),
    withJunk(forged(route, victim)),
    withJunk(anyText(80)),
    junkParams.map((params) => params.join("&")),
    rawQueryText,
    fc.constantFrom("", "token", "token=", "token=&token=", `TOKEN=${valid}`, `t=${valid}`, `token[]=${valid}`, `token%3D${valid}`),
    damaged(valid).map((bad) => `token=${percentEncode(bad)}&token=${valid}`),
  );
}

// ---- the properties, route by route ----

describe.each(routes)("$path", (route) => {
  let victim: string;
  let victimItem: Subscriber;
  let validLink: string;

  beforeAll(async () => {
    victim = (await people(`${route.purpose}.victim`, route.state, 1, route.flags))[0]!;
    validLink = route.link(await rig.stack.links(victim));
    victimItem = (await stored(victim))!;
  });

  it("GET: refuses every broken, forged, expired or missing token with a 4xx and changes nothing", async () => {
    await expectNoChange(`GET ${route.path}`, () =>
      fc.assert(
        fc.asyncProperty(refusedQuery(route, validLink, victimItem), doors, async (query, door) => {
          rig.watch.reset();
          const answer = await send({ method: "GET", path: route.path, query }, door);
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
          expectNoInjectedScript(answer);
        }),
        runs(),
      ),
    );
  });

  it("POST: refuses them too, whatever the body, and changes nothing", async () => {
    const bodies = route.form
      ? fc.oneof(
          arbitraryBody,
          fc.tuple(route.form.valid, fc.constantFrom("urlencoded" as const, "multipart" as const)).map(([fields, encoding]) => ({
            kind: "form" as const,
            encoding,
            fields,
          })),
        )
      : arbitraryBody;
    await expectNoChange(`POST ${route.path}`, () =>
      fc.assert(
        fc.asyncProperty(refusedQuery(route, validLink, victimItem), bodies, doors, async (query, spec, door) => {
          const { contentType, body } = await bodyOf(spec);
          rig.watch.reset();
          const answer = await send({ method: "POST", path: route.path, query, contentType, body }, door);
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
          expectNoInjectedScript(answer);
        }),
        runs(),
      ),
    );
  });

  it("never fails on a validly signed token for someone who isn't there, and changes nothing", async () => {
    const stranger = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    await expectNoChange(`${route.path} for strangers`, () =>
      fc.assert(
        fc.asyncProperty(stranger, fc.constantFrom("GET" as const, "POST" as const), route.form?.valid ?? fc.constant([]), doors, async (id, method, fields, door) => {
          const token = signToken(signer, route.purpose, { s: id, w: 1, v: 3 });
          const form = method === "POST" ? await encodeForm(fields, "urlencoded") : undefined;
          rig.watch.reset();
          const answer = await send({ method, path: route.path, query: `token=${token}`, ...form }, door);
          expect(answer.status).toBeLessThan(500);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
        }),
        runs(200),
      ),
    );
  });

  it("GET with a valid link shows the page and changes nothing, whatever else is in the query", async () => {
    await expectNoChange(`GET ${route.path} with a valid link`, () =>
      fc.assert(
        fc.asyncProperty(junkParams, fc.boolean(), doors, async (junk, tokenLast, door) => {
          const query = (tokenLast ? [...junk, queryOf(validLink)] : [queryOf(validLink), ...junk]).join("&");
          rig.watch.reset();
          const answer = await send({ method: "GET", path: route.path, query }, door);
          expect(answer.status).toBe(200);
          expect(answer.body).toMatch(route.shows);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
          expectNoInjectedScript(answer);
        }),
        runs(200),
      ),
    );
  });

  it("POST with a valid link does its job, whatever else the request carries", async () => {
    const pool = await people(`${route.purpose}.valid`, route.state, VALID_POSTS + 20, route.flags);
    const bodies: fc.Arbitrary<{ fields?: Fields; spec: Parameters<typeof bodyOf>[0] }> = route.form
      ? fc
          .tuple(route.form.valid, fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 })), { maxLength: 2 }), fc.constantFrom("urlencoded" as const, "multipart" as const))
          .map(([fields, extra, encoding]) => {
            const all = [...fields, ...extra.filter(([name]) => !route.form!.fields.includes(name))];
            return { fields, spec: { kind: "form" as const, encoding, fields: all } };
          })
      : fc.oneof(
          arbitraryBody.filter((spec) => spec.kind === "form" || isForm(spec.contentType)),
          fc.constant({ kind: "raw" as const, contentType: FORM, body: new TextEncoder().encode("List-Unsubscribe=One-Click") }),
        ).map((spec) => ({ spec }));
    await fc.assert(
      fc.asyncProperty(bodies, junkParams, doors, async ({ fields, spec }, junk, door) => {
        const email = pool.shift();
        if (!email) throw new Error("the pool of seeded subscribers ran out (a failure being shrunk?)");
        const before = (await stored(email))!;
        const { contentType, body } = await bodyOf(spec);
        const query = [queryOf(route.link(await rig.stack.links(email))), ...junk].join("&");
        rig.watch.reset();
        const answer = await send({ method: "POST", path: route.path, query, contentType, body }, door);
        expect(answer.status, answer.body.slice(0, 300)).toBe(200);
        expect(rig.watch.effects.writes > 0).toBe(route.writes);
        route.done(before, await stored(email), answer, fields ?? []);
        expectNoInjectedScript(answer);
      }),
      runs(VALID_POSTS),
    );
  });

  it("POST with a valid link refuses a body that is no form (JSON, text, bytes) with 415, and changes nothing", async () => {
    const notForms = arbitraryBody.filter((spec): spec is Extract<typeof spec, { kind: "raw" }> => spec.kind === "raw" && !isForm(spec.contentType));
    await expectNoChange(`POST ${route.path} with no form`, () =>
      fc.assert(
        fc.asyncProperty(notForms, doors, async (spec, door) => {
          rig.watch.reset();
          const answer = await send({ method: "POST", path: route.path, query: queryOf(validLink), ...spec }, door);
          expect(answer.status).toBe(415);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
        }),
        runs(200),
      ),
    );
  });

  if (route.form) {
    const form = route.form;
    it("POST with a valid link refuses a form it can't use with a 4xx and changes nothing", async () => {
      const bodies = fc.oneof(
        { weight: 3, arbitrary: fc.tuple(form.invalid, fc.constantFrom("urlencoded" as const, "multipart" as const)).map(([fields, encoding]) => ({ kind: "form" as const, encoding, fields })) },
        { weight: 1, arbitrary: arbitraryBody.filter((spec) => spec.kind === "raw") },
        { weight: 1, arbitrary: form.valid.map((fields) => ({ kind: "raw" as const, contentType: "application/json", body: new TextEncoder().encode(JSON.stringify(Object.fromEntries(fields))) })) },
      );
      await expectNoChange(`POST ${route.path} with unusable forms`, () =>
        fc.assert(
          fc.asyncProperty(bodies, doors, async (spec, door) => {
            const { contentType, body } = await bodyOf(spec);
            rig.watch.reset();
            const answer = await send({ method: "POST", path: route.path, query: queryOf(validLink), contentType, body }, door);
            expect(answer.status).toBeGreaterThanOrEqual(400);
            expect(answer.status).toBeLessThan(500);
            expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
            expectNoInjectedScript(answer);
          }),
          runs(),
        ),
      );
    });

    it("POST with a valid link answers a malformed multipart body with a 4xx", async () => {
      await expectNoChange(`POST ${route.path} with malformed multipart`, () =>
        fc.assert(
          fc.asyncProperty(malformedMultipart, doors, async (spec, door) => {
            rig.watch.reset();
            const answer = await send({ method: "POST", path: route.path, query: queryOf(validLink), ...spec }, door);
            expect(answer.status).toBeLessThan(500);
            expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
          }),
          runs(),
        ),
      );
    });
  }
});
