import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerIds, flagIds } from "../../functions/domain/subscriber/self-check";
import { subscriberIdFor } from "../../functions/domain/links/tokens";
import {
  anyText,
  arbitraryBody,
  bodyOf,
  doors,
  edge,
  encodeForm,
  type Door,
  type Fields,
  malformedMultipart,
  runs,
  snapshot,
  useFuzzRig,
} from "../support/fuzz";

/**
 * POST /subscribe with generated bodies, through both doors (the app as served locally, and
 * the Lambda entry point): never a 5xx; whatever is invalid is refused with a 4xx and neither
 * stores nor sends anything; whatever is valid signs up, however it is spelled.
 */

const rig = useFuzzRig();
const send: ReturnType<typeof edge> = (...args) => rig.send(...args);

const subscribe = async (fields: Fields, encoding: "urlencoded" | "multipart", door: Door, contentType?: string) => {
  const form = await encodeForm(fields, encoding);
  rig.watch.reset();
  return send({ method: "POST", path: "/subscribe", contentType: contentType ?? form.contentType, body: form.body }, door);
};

// ---- valid signups, spelled every way a browser or a person might ----

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const localPart = fc.stringMatching(/^[a-z0-9](?:[a-z0-9_+-]{0,8}(?:\.[a-z0-9]{1,5})?)?$/);
const padding = fc.constantFrom("", " ", "  ", "\u00a0");

/** A deliverable-looking address in any case, with stray spaces around it; made unique per run by `addressOf`. */
const typedAddress = fc.record({
  local: localPart,
  domain: fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/)).map(([labels, tld]) => [...labels, tld].join(".")),
  upper: fc.array(fc.boolean(), { maxLength: 40 }),
  before: padding,
  after: padding,
});

let serial = 0;
function addressOf(a: typeof typedAddress extends fc.Arbitrary<infer T> ? T : never): string {
  const address = [...`${a.local}.r${serial++}@${a.domain}`].map((c, i) => (a.upper[i] ? c.toUpperCase() : c)).join("");
  return `${a.before}${address}${a.after}`;
}

const zones = Intl.supportedValuesOf("timeZone");
const timeZone = fc.oneof(fc.constantFrom(...zones), fc.stringMatching(/^[A-Za-z0-9_+/-]{0,64}$/));

const subset = <T>(all: readonly T[]) => fc.subarray([...all]);

/** Fields the app doesn't know: ignored, as long as they hold nothing unacceptable. */
const extraFields = fc.array(
  fc.tuple(
    fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).filter((name) => !["email", "answers", "flags", "tz", "consent", "website"].includes(name)),
    fc.string({ maxLength: 30, unit: "grapheme" }).filter((value) => !/[\u0000-\u001f\u007f]/.test(value)),
  ),
  { maxLength: 3 },
);

const validSignup = fc.record({
  email: typedAddress,
  answers: subset(answerIds),
  flags: subset(flagIds),
  tz: timeZone,
  website: fc.constantFrom("", undefined),
  extra: extraFields,
  encoding: fc.constantFrom("urlencoded" as const, "multipart" as const),
  shuffle: fc.boolean(),
  door: doors,
});
type ValidSignup = typeof validSignup extends fc.Arbitrary<infer T> ? T : never;

function fieldsOf(s: Omit<ValidSignup, "encoding" | "door" | "email">, email: string): [string, string][] {
  const fields: [string, string][] = [
    ["email", email],
    ...s.answers.map((a): [string, string] => ["answers", a]),
    ...s.flags.map((f): [string, string] => ["flags", f]),
    ["tz", s.tz],
    ["consent", "yes"],
    ...(s.website === undefined ? [] : [["website", s.website] as [string, string]]),
    ...s.extra,
  ];
  return s.shuffle ? fields.reverse() : fields;
}

// ---- invalid by construction: a valid signup with at least one thing wrong ----

const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)).chain((c) => fc.constantFrom(c, "\u007f"));
const single = fc.constantFrom("email", "tz", "consent", "website");

type Fault = (fields: [string, string][]) => fc.Arbitrary<{ fields: [string, string][]; contentType?: string }>;
const replace = (fields: [string, string][], name: string, value: string | undefined): [string, string][] => [
  ...fields.filter(([n]) => n !== name),
  ...(value === undefined ? [] : [[name, value] as [string, string]]),
];

const faults: Record<string, Fault> = {
  "an address without @": (f) =>
    fc.string({ maxLength: 60 }).filter((s) => !s.includes("@")).map((email) => ({ fields: replace(f, "email", email) })),
  "a malformed address": (f) =>
    fc
      .constantFrom("a b@example.com", "a@b", "@example.com", "a@", "a@.com", "a..b@example.com", ".a@example.com", "a@example..com", "a@-bad.example.com")
      .map((email) => ({ fields: replace(f, "email", email) })),
  "an overlong address": (f) =>
    fc.integer({ min: 245, max: 400 }).map((n) => ({ fields: replace(f, "email", `${"a".repeat(n)}@example.com`) })),
  "no address": (f) => fc.constantFrom("", "   ", undefined).map((email) => ({ fields: replace(f, "email", email) })),
  "an unknown answer": (f) =>
    anyText(20).filter((s) => !(answerIds as string[]).includes(s)).map((a) => ({ fields: [...f, ["answers", a]] })),
  "an unknown warning sign": (f) =>
    anyText(20).filter((s) => !(flagIds as string[]).includes(s)).map((a) => ({ fields: [...f, ["flags", a]] })),
  "no consent": (f) =>
    fc
      .oneof(fc.constant(undefined), fc.constantFrom("", "Yes", "YES", "on", "true", "1", "yes ", " yes"), anyText(10).filter((s) => s !== "yes"))
      .map((consent) => ({ fields: replace(f, "consent", consent) })),
  "a filled honeypot": (f) => anyText(30).filter((s) => s !== "").map((website) => ({ fields: replace(f, "website", website) })),
  "a field given twice": (f) =>
    fc.tuple(single, fc.constantFrom("", "yes", "x@example.com", "UTC")).map(([name, value]) => ({
      fields: [...(f.some(([n]) => n === name) ? f : [...f, [name, value] as [string, string]]), [name, value]],
    })),
  "a control character": (f) =>
    fc.tuple(fc.nat(), CONTROL, fc.boolean()).map(([at, control, inName]) => {
      const copy = f.map(([n, v]): [string, string] => [n, v]);
      const [name, value] = copy[at % copy.length]!;
      copy[at % copy.length] = inName ? [`${name}${control}`, value] : [name, `${value.slice(0, 3)}${control}${value.slice(3)}`];
      return { fields: copy };
    }),
  "a time zone with characters no zone has": (f) =>
    fc
      .tuple(fc.stringMatching(/^[A-Za-z/_]{0,10}$/), fc.constantFrom(":", " ", ".", "é", "\\", "%", "<", "\u200f"))
      .map(([zone, bad]) => ({ fields: replace(f, "tz", `${zone}${bad}`) })),
  "an overlong time zone": (f) => fc.integer({ min: 65, max: 200 }).map((n) => ({ fields: replace(f, "tz", "A".repeat(n)) })),
  "a body that isn't a form": (f) =>
    fc.constantFrom("application/json", "text/plain", "", "application/xml", "text/html").map((contentType) => ({ fields: f, contentType })),
  "a body larger than any form": (f) =>
    fc.integer({ min: 16_400, max: 40_000 }).map((n) => ({ fields: [...f, ["padding", "x".repeat(n)]] })),
};

const invalidSignup = fc
  .tuple(validSignup, fc.subarray(Object.keys(faults), { minLength: 1, maxLength: 3 }))
  .chain(([signup, names]) => {
    let arbitrary: fc.Arbitrary<{ fields: [string, string][]; contentType?: string }> = fc.constant({
      fields: fieldsOf(signup, addressOf(signup.email)),
    });
    for (const name of names) {
      arbitrary = arbitrary.chain((prev) => faults[name]!(prev.fields).map((next) => ({ ...next, contentType: next.contentType ?? prev.contentType })));
    }
    return arbitrary.map((broken) => ({ ...broken, faults: names, encoding: signup.encoding, door: signup.door }));
  });

// ---- the properties ----

/** Runs a batch of generated requests and checks, from the table and the mailbox themselves, that nothing changed. */
async function expectNoChange(what: string, batch: () => Promise<void>) {
  const before = await snapshot(rig.stack);
  await batch();
  expect(await snapshot(rig.stack), `${what}: the table and the mailbox are unchanged`).toEqual(before);
}

describe("POST /subscribe", () => {
  it("refuses every invalid signup with a 4xx, storing and sending nothing", async () => {
    await expectNoChange("invalid signups", () =>
      fc.assert(
        fc.asyncProperty(invalidSignup, async (s) => {
          const answer = await subscribe(s.fields, s.encoding, s.door, s.contentType);
          expect(answer.status, `${s.faults.join(" + ")} through ${s.door}`).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
        }),
        runs(),
      ),
    );
  });

  it("answers any body at all (random bytes, any content type, forms of random fields) with a 4xx and changes nothing", async () => {
    await expectNoChange("arbitrary bodies", () =>
      fc.assert(
        fc.asyncProperty(arbitraryBody, doors, fc.boolean(), async (spec, door, withQuery) => {
          const { contentType, body } = await bodyOf(spec);
          rig.watch.reset();
          // the fields in the query string instead of the body count for nothing
          const query = withQuery ? "email=x%40example.com&consent=yes" : undefined;
          const answer = await send({ method: "POST", path: "/subscribe", query, contentType, body }, door);
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
        }),
        runs(),
      ),
    );
  });

  it("signs up every valid form, whatever its encoding, field order, spelling of the address or extra fields", async () => {
    const mailBefore = (await rig.stack.mailbox()).length;
    let signups = 0;
    const key = rig.stack.context.key;
    await fc.assert(
      fc.asyncProperty(validSignup, async (s) => {
        const typed = addressOf(s.email);
        const answer = await subscribe(fieldsOf(s, typed), s.encoding, s.door);
        expect(answer.status).toBe(200);
        expect(answer.body).toContain("check your inbox");
        expect(rig.watch.effects.sends).toBe(1);
        signups++;
        const email = typed.trim().toLowerCase();
        const stored = await rig.stack.context.store.get(subscriberIdFor(key, email));
        expect(stored).toMatchObject({ status: "pending", email });
        expect([...stored!.answers].sort()).toEqual([...s.answers].sort());
        expect([...stored!.flags].sort()).toEqual([...s.flags].sort());
        expect([s.tz, "UTC"]).toContain(stored!.tz);
        if (zones.includes(s.tz)) expect(stored!.tz).toBe(s.tz);
      }),
      runs(300),
    );
    expect((await rig.stack.mailbox()).length - mailBefore).toBe(signups);
    // 300 signups, each answering no sooner than the signup timing floor (functions/domain/signup/even-timing.ts)
  }, 120_000);

  // a multipart body that doesn't parse makes Hono's parseBody throw; readForm answers 400
  it("answers a malformed multipart body with a 4xx", async () => {
    await expectNoChange("malformed multipart", () =>
      fc.assert(
        fc.asyncProperty(malformedMultipart, doors, async (spec, door) => {
          rig.watch.reset();
          const answer = await send({ method: "POST", path: "/subscribe", ...spec }, door);
          expect(answer.status).toBeLessThan(500);
          expect(rig.watch.effects).toEqual({ writes: 0, sends: 0 });
        }),
        runs(),
      ),
    );
  });
});
