import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerChecked, doctorAnswers, type DoctorAnswer } from "../functions/domain/checkin/checked";
import { recordCheckin, weeksSent } from "../functions/domain/checkin/checkin";
import type { Context } from "../functions/domain/context";
import { DomainError } from "../functions/domain/errors";
import { awaitsFollowUp, conditionalFields, isPaused, isScheduled, isSuppressed, states, statuses } from "../functions/domain/subscriber/states";
import { urgencyOf, type Flag } from "../functions/domain/subscriber/self-check";
import { openEnd, recordEnd } from "../functions/domain/outcomes/end";
import { FOLLOW_UP, recordFollowUp } from "../functions/domain/outcomes/follow-up";
import { gotLastEmail } from "../functions/domain/program/completion";
import { MAX_PENDING_SIGNUPS, transitions, waitingSignups } from "../functions/domain/subscriber/lifecycle";
import { NO_EPOCH } from "../functions/domain/links/links";
import type { Mailer } from "../functions/domain/ports";
import { pause, resume } from "../functions/domain/pause/pause";
import { deleteData, signOutLinks } from "../functions/domain/data-rights/personal-data";
import { sweepExpired } from "../functions/domain/program/retention";
import { doctorCheckOf } from "../functions/domain/program/order";
import { runPass } from "../functions/domain/sending/pass";
import type { Subscriber, SubscriberRecord } from "../functions/domain/subscriber/subscriber";
import { signup } from "../functions/domain/signup/signup";
import { confirm } from "../functions/domain/signup/confirm";
import { recordEmailEvent } from "../functions/domain/suppression/suppression";
import { subscriberIdFor, type Purpose, type VerifiedLink } from "../functions/domain/links/tokens";
import { unsubscribe } from "../functions/domain/unsubscribe/unsubscribe";
import { sentTo } from "./support/http";
import { memoryContext } from "./support/memory-stack";
import { sesEvent } from "./support/ses-events";

/**
 * The lifecycle's invariants, under random sequences of everything that can happen to a few
 * addresses: signups, confirmations, sender passes days apart, pauses and resumes, leaving,
 * bounces and complaints (some of them arriving in the middle of a send), check-ins (some
 * reporting a new warning sign), the answers to "has a doctor checked you?" (checked, told not
 * to exercise, undo), the questions after the last email (asking for the follow-up, or not) and
 * at the follow-up, deletes and the retention sweep. The domain runs for real on the in-memory store; after every step, every
 * item must be in a state the lifecycle allows.
 */

const DAY = 86_400_000;
const BASE = "https://unknot.example";
const ADDRESSES = ["ana@example.com", "ben@example.com"] as const;
type Address = (typeof ADDRESSES)[number];

/**
 * The memory stack's mailer, able to act in the middle of a send: during a pass, the first send
 * to one address runs a click or an SES report before it returns.
 */
function interruptible(mailer: Mailer) {
  let interruption: { to: string; act: () => Promise<void> } | undefined;
  return {
    mailer: {
      ...mailer,
      async send(email) {
        const messageId = await mailer.send(email);
        const now = interruption?.to === email.to ? interruption : undefined;
        if (now) {
          interruption = undefined;
          await now.act();
        }
        return messageId;
      },
    } satisfies Mailer,
    async during<T>(to: string, act: () => Promise<void>, pass: () => Promise<T>): Promise<T> {
      interruption = { to, act };
      try {
        return await pass();
      } finally {
        interruption = undefined;
      }
    },
  };
}

function world() {
  // a month's retention, so the sweep has data to expire; signups limited by nothing but the resend window
  const { context, mail } = memoryContext({ settings: { retentionMonths: 1, confirmationsPerHour: 100_000 } });
  const sending = interruptible(context.mailer);
  const ctx: Context = { ...context, mailer: sending.mailer, publicUrl: BASE };
  return { ctx, mail, sending, clock: { now: Date.parse("2026-03-02T07:00:00Z") } };
}

type World = ReturnType<typeof world>;

const idOf = (w: World, address: Address) => subscriberIdFor(w.ctx.key, address);

/** The link the edge would have verified for this subscriber's current round and link epoch. */
function linkFor<P extends Purpose>(s: Subscriber, purpose: P, extra: { w?: number; v?: number } = {}): VerifiedLink<P> {
  return { purpose, claims: { s: s.pk, r: s.confirmedAt ? Date.parse(s.confirmedAt) : undefined, e: s.linkEpoch, ...extra } };
}

/** The confirm links mailed to this address, oldest first. */
function confirmLinks(w: World, address: Address): VerifiedLink<"confirm">[] {
  return sentTo(w.mail.sent, address).flatMap((m) => {
    const token = (m.body.text ?? "").match(/\/confirm\?token=([A-Za-z0-9_.-]+)/)?.[1];
    if (!token) return [];
    const claims = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"));
    return [{ purpose: "confirm" as const, claims: { s: claims.s, n: claims.n } }];
  });
}

/** The unsubscribe link of the latest email this subscriber was sent (what a mailbox provider holds). */
function latestUnsubscribe(s: Subscriber): VerifiedLink<"unsubscribe"> {
  const mailed = s.mailedEpoch === NO_EPOCH ? undefined : (s.mailedEpoch ?? s.linkEpoch);
  return { purpose: "unsubscribe", claims: { ...linkFor(s, "unsubscribe").claims, e: mailed } };
}

/** Refusals the domain gives a person (410 "not in the program" and the like) are part of the game. */
async function refusedOrDone(step: Promise<unknown>) {
  try {
    await step;
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === "unavailable") throw error;
  }
}

type Interference = "pause" | "unsubscribe" | "bounce" | "complain";

type Command =
  | { kind: "signup"; who: Address; urgent: boolean; confirms: boolean; refused: boolean }
  | { kind: "confirm"; who: Address; which: number }
  | { kind: "pass"; days: number; times: number; interfere?: { who: Address; with: Interference } }
  | { kind: "finish"; who: Address; answers?: { followUp: boolean; thenWait: boolean } }
  | { kind: "pause"; who: Address; weeks: 2 | 4 }
  | { kind: "resume"; who: Address }
  | { kind: "unsubscribe"; who: Address; latest: boolean }
  | { kind: "signOut"; who: Address }
  | { kind: "bounce" | "complain"; who: Address }
  | { kind: "checkin"; who: Address; score: number; sign?: Flag }
  | { kind: "checked"; who: Address; answer: DoctorAnswer }
  | { kind: "end"; who: Address; followUp: boolean }
  | { kind: "followUp"; who: Address }
  | { kind: "delete"; who: Address }
  | { kind: "sweep"; days: number };

const who = fc.constantFrom(...ADDRESSES);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({
      kind: fc.constant("signup" as const),
      who,
      urgent: fc.boolean(),
      // most people confirm straight away; the others may confirm later, or never
      confirms: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      // now and then SES refuses the signup's email (the sandbox, throttling)
      refused: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }) },
  // any of the confirmation emails the address got, not only the newest: each waiting signup has its own
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("confirm" as const), who, which: fc.nat(6) }) },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        kind: fc.constant("pass" as const),
        // mostly a week apart, so that programs also run to their end
        days: fc.oneof({ weight: 2, arbitrary: fc.constant(7) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 }) }),
        times: fc.integer({ min: 1, max: 10 }),
        interfere: fc.record({ who, with: fc.constantFrom<Interference>("pause", "unsubscribe", "bounce", "complain") }),
      },
      { requiredKeys: ["kind", "days", "times"] },
    ),
  },
  // passes whenever this address's next email (or follow-up) is due, until none is: so runs also get past the end
  // (and, some of the time, answers the questions after the last email at once, asking for the follow-up or not,
  // and then waits for whatever is still scheduled: the follow-up)
  {
    weight: 3,
    arbitrary: fc.record(
      { kind: fc.constant("finish" as const), who, answers: fc.record({ followUp: fc.boolean(), thenWait: fc.boolean() }) },
      { requiredKeys: ["kind", "who"] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pause" as const), who, weeks: fc.constantFrom(2 as const, 4 as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("resume" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unsubscribe" as const), who, latest: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("signOut" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("bounce" as const, "complain" as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { kind: fc.constant("checkin" as const), who, score: fc.integer({ min: 0, max: 10 }), sign: fc.constantFrom<Flag>("fever", "night") },
      { requiredKeys: ["kind", "who", "score"] },
    ),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("checked" as const), who, answer: fc.constantFrom(...doctorAnswers) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("end" as const), who, followUp: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("followUp" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sweep" as const), days: fc.integer({ min: 1, max: 400 }) }) },
);

/** What the test remembers across steps, to check what no single item can show. */
interface Memory {
  /** addresses SES reported, and how many emails had gone out by then: never mailed again after that */
  suppressed: Map<string, number>;
  /** the signups waiting beside each address before the step, by nonce: a signup must never replace one */
  waiting: Map<string, string[]>;
  /** an address whose latest email's unsubscribe link was just used: it must have left */
  left?: Address;
}

async function act(w: World, c: Command, memory: Memory): Promise<void> {
  const { ctx, mail, clock } = w;
  const now = () => new Date(clock.now);
  const current = async (address: Address) => ctx.store.get(idOf(w, address));
  const interfering = async (address: Address, how: Interference) => {
    const s = await current(address);
    if (!s) return;
    if (how === "pause") await refusedOrDone(pause(ctx, linkFor(s, "pause"), 2, now()));
    if (how === "unsubscribe") await refusedOrDone(unsubscribe(ctx, linkFor(s, "unsubscribe"), now()));
    if (how === "bounce" || how === "complain") await report(address, how === "bounce" ? "Bounce" : "Complaint");
  };
  // SES reports what it reports: from then on, the address is suppressed for good
  const report = async (address: Address, kind: "Bounce" | "Complaint") => {
    await recordEmailEvent(ctx, sesEvent(kind, address, now().toISOString()), now());
    if (!memory.suppressed.has(address)) memory.suppressed.set(address, mail.sent.length);
  };
  switch (c.kind) {
    case "signup": {
      const input = { email: c.who, answers: [], flags: c.urgent ? ["bladder" as const] : [], tz: "Europe/Berlin", baseline: { pain: 6, enjoyment: undefined, activity: undefined }, consent: "yes" as const, website: "" as const };
      // past the resend window and into the next hour, so each signup may mail
      clock.now += 61 * 60_000;
      if (c.refused) mail.failNext(1);
      try {
        await signup(ctx, input, "203.0.113.9", BASE, now());
      } finally {
        mail.failNext(0);
      }
      if (c.confirms && !c.refused) return act(w, { kind: "confirm", who: c.who, which: Number.MAX_SAFE_INTEGER }, memory);
      return;
    }
    case "confirm": {
      const links = confirmLinks(w, c.who);
      const link = links[Math.min(c.which, links.length - 1)];
      if (link) await refusedOrDone(confirm(ctx, link, now()));
      return;
    }
    case "pass": {
      // `times` passes, `days` apart: the first may meet a click or an SES report in the middle of a send
      for (let n = 0; n < c.times; n++) {
        clock.now += c.days * DAY;
        const pass = () => runPass(ctx, { now: now(), maxRate: 1000 });
        if (c.interfere && n === 0) {
          const { who: target, with: how } = c.interfere;
          await w.sending.during(target, () => interfering(target, how), pass);
        } else await pass();
      }
      return;
    }
    case "finish": {
      const walk = async () => {
        for (let n = 0; n < 12; n++) {
          const s = await current(c.who);
          if (!s || !isScheduled(s.status)) return;
          clock.now = Math.max(clock.now, (s as SubscriberRecord).dueAt ?? clock.now);
          await runPass(ctx, { now: now(), maxRate: 1000 });
        }
      };
      await walk();
      if (!c.answers) return;
      await act(w, { kind: "end", who: c.who, followUp: c.answers.followUp }, memory);
      if (c.answers.thenWait) await walk();
      return;
    }
    case "unsubscribe": {
      const s = await current(c.who);
      if (!s?.email) return;
      if (!c.latest) return refusedOrDone(unsubscribe(ctx, linkFor(s, "unsubscribe"), now()));
      // leaving through the latest email always works, "sign out all links" or not
      await unsubscribe(ctx, latestUnsubscribe(s), now());
      if (transitions.unsubscribe.from.some((status) => status === s.status)) memory.left = c.who;
      return;
    }
    case "signOut": {
      const s = await current(c.who);
      if (s?.email) await refusedOrDone(signOutLinks(ctx, linkFor(s, "data"), now()));
      return;
    }
    case "pause":
    case "resume":
    case "checked":
    case "delete":
    case "end":
    case "followUp":
    case "checkin": {
      const s = await current(c.who);
      if (!s?.email) return;
      if (c.kind === "pause") return refusedOrDone(pause(ctx, linkFor(s, "pause"), c.weeks, now()));
      if (c.kind === "resume") return refusedOrDone(resume(ctx, linkFor(s, "pause"), now()));
      if (c.kind === "checked") return refusedOrDone(answerChecked(ctx, linkFor(s, "checked"), c.answer, now()));
      if (c.kind === "delete") return refusedOrDone(deleteData(ctx, linkFor(s, "delete"), now()));
      const answers = { pain: 3, enjoyment: undefined, activity: undefined, change: "better" as const };
      if (c.kind === "end") return refusedOrDone(openEnd(ctx, linkFor(s, "end")).then((open) => recordEnd(ctx, open, { ...answers, followUp: c.followUp }, now())));
      if (c.kind === "followUp") return refusedOrDone(recordFollowUp(ctx, linkFor(s, "followUp"), answers, now()));
      const week = Math.max(1, weeksSent(s));
      const flags = c.sign ? [c.sign] : [];
      return refusedOrDone(recordCheckin(ctx, linkFor(s, "checkin", { w: week }), { score: c.score, note: undefined, flags }, now()));
    }
    case "bounce":
    case "complain":
      return report(c.who, c.kind === "bounce" ? "Bounce" : "Complaint");
    case "sweep":
      clock.now += c.days * DAY;
      await sweepExpired(ctx, now());
  }
}

/** Every status some run reached: the property would prove little if the runs never got far. */
const reached = new Set<string>();
/** Every answer to "has a doctor checked you?" some item held, likewise. */
const doctorChecks = new Set<string>();
/** Follow-ups seen gone out, summed over every check of every run: the same reason. */
let followUpsSent = 0;

/** Every rule of `lifecycle/states.ts`, checked on every item we might hold. */
async function checkInvariants(w: World, memory: Memory, c: Command) {
  const where = JSON.stringify(c);
  for (const address of ADDRESSES) {
    const s: SubscriberRecord | undefined = await w.ctx.store.get(idOf(w, address));
    if (!s) continue;
    const about = `${address} (${s.status}) after ${where}`;
    reached.add(s.status);
    doctorChecks.add(doctorCheckOf(s));
    expect(statuses, about).toContain(s.status);
    // the due index holds a subscriber exactly while it is scheduled
    expect(s.dueAt !== undefined, `due index, ${about}`).toBe(isScheduled(s.status));
    expect(s.pausedUntil !== undefined && !isPaused(s.status), `pausedUntil, ${about}`).toBe(false);
    // no lease outlives its send: every send of a step has committed or released by its end
    expect([s.leaseId, s.leaseWeek, s.leaseUntil], `lease, ${about}`).toEqual([undefined, undefined, undefined]);
    // a suppression record holds no address and no data: it has nothing to expire
    expect(s.expiresAt !== undefined, `expiry, ${about}`).toBe(Boolean(s.email) && states[s.status].expires !== "never");
    if (s.sendFailures !== undefined) expect(isScheduled(s.status), `sendFailures, ${about}`).toBe(true);
    // a follow-up is only ever waiting for someone who got the last email and asked for it, and goes out once
    if (awaitsFollowUp(s.status)) expect(gotLastEmail(s) && s.atEnd?.followUp, `follow-up asked for, ${about}`).toBe(true);
    const followUps = (s.sent ?? []).filter((e) => e.template === FOLLOW_UP);
    expect(followUps.length, `follow-ups, ${about}`).toBeLessThanOrEqual(1);
    if (followUps.length) expect(s.atEnd?.followUp, `follow-up sent unasked, ${about}`).toBe(true);
    followUpsSent += followUps.length;
    if (s.pendingSignups) expect(states[s.status].takesNewSignup, `pendingSignups, ${about}`).toBe(true);
    const waiting = Object.keys(s.pendingSignups ?? {});
    expect(waiting.length, `at most ${MAX_PENDING_SIGNUPS} waiting, ${about}`).toBeLessThanOrEqual(MAX_PENDING_SIGNUPS);
    // every waiting signup was mailed its own link (one SES refused doesn't wait), and a later signup replaced none
    const mailed = new Set(confirmLinks(w, address).map((link) => link.claims.n));
    for (const nonce of waiting) expect(mailed.has(nonce), `waiting signup never mailed, ${about}`).toBe(true);
    if (c.kind === "signup" && !c.confirms) {
      const still = waitingSignups(s as Subscriber, w.clock.now);
      for (const nonce of memory.waiting.get(address) ?? []) expect(Object.hasOwn(still, nonce), `a signup replaced a waiting one, ${about}`).toBe(true);
    }
    if (memory.left === address) expect(s.status, `left through the latest email, ${about}`).toBe("unsubscribed");
    // what they told us of a doctor's check: one answer at most, and only about an urgent sign
    expect(s.checkedAt !== undefined && s.restAdvisedAt !== undefined, `checkedAt and restAdvisedAt, ${about}`).toBe(false);
    if (s.checkedAt || s.restAdvisedAt) expect(urgencyOf(s.flags), `doctor's check, ${about}`).toBe("urgent");
    // a sign reported at a check-in is one of their signs
    for (const checkin of Object.values(s.checkins ?? {})) for (const flag of checkin.flags ?? []) expect(s.flags, `check-in sign, ${about}`).toContain(flag);
    // each week went out once, in order, and `week` is the next one
    if (s.confirmedAt) {
      const weeks = (s.sent ?? []).map((e) => e.week);
      expect(weeks, `sent, ${about}`).toEqual(weeks.map((_, i) => i + 1));
      expect(s.week, `week, ${about}`).toBe(weeks.length + 1);
    }
    // a suppressed address stays suppressed, and is never scheduled again
    if (memory.suppressed.has(address)) expect(isSuppressed(s.status), `suppressed, ${about}`).toBe(true);
  }
  w.mail.sent.forEach(({ destination }, i) => {
    const [to] = destination.to;
    const since = memory.suppressed.get(to!);
    expect(since !== undefined && i >= since, `email ${i + 1} went to suppressed ${to}, by ${where}`).toBe(false);
  });
}

describe("the subscriber lifecycle", () => {
  it("keeps every item in a state it allows, whatever happens in whatever order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        const w = world();
        const memory: Memory = { suppressed: new Map(), waiting: new Map() };
        for (const c of commands) {
          for (const address of ADDRESSES) {
            const s = await w.ctx.store.get(idOf(w, address));
            // the ones still waiting when the step's signup is made (it moves the clock on by an hour)
            memory.waiting.set(address, s ? Object.keys(waitingSignups(s, w.clock.now + 61 * 60_000)) : []);
          }
          memory.left = undefined;
          await act(w, c, memory);
          await checkInvariants(w, memory, c);
        }
      }),
      {
        numRuns: 200,
        // runs sure to get where the random ones only may: leaving through an email sent before
        // "sign out all links", each answer to "has a doctor checked you?", and a follow-up
        // asked for, waited for and answered
        examples: [
          [
            [
              { kind: "signup", who: "ana@example.com", urgent: false, confirms: true, refused: false },
              { kind: "finish", who: "ana@example.com", answers: { followUp: true, thenWait: false } },
              { kind: "finish", who: "ana@example.com" },
              { kind: "followUp", who: "ana@example.com" },
            ],
          ],
          [
            [
              { kind: "signup", who: "ana@example.com", urgent: false, confirms: true, refused: false },
              { kind: "pass", days: 0, times: 1 },
              { kind: "signOut", who: "ana@example.com" },
              { kind: "unsubscribe", who: "ana@example.com", latest: true },
            ],
          ],
          [
            [
              { kind: "signup", who: "ben@example.com", urgent: true, confirms: true, refused: false },
              { kind: "checked", who: "ben@example.com", answer: "rest" },
              { kind: "checked", who: "ben@example.com", answer: "checked" },
              { kind: "checked", who: "ben@example.com", answer: "undo" },
            ],
          ],
        ],
      },
    );
    expect([...reached].sort()).toEqual([...statuses].sort());
    expect([...doctorChecks].sort()).toEqual(["checked", "none", "rest", "unchecked"]);
    expect(followUpsSent, "no run got as far as a follow-up going out").toBeGreaterThan(0);
  }, 120_000);

  it("is the state machine the README shows: its tables and field rules are rendered from the module", () => {
    const readme = readFileSync("README.md", "utf8");
    const yesNo = (b: boolean) => (b ? "yes" : "no");
    const stateRows = statuses.map((status) => {
      const r = states[status];
      return `| \`${status}\` | ${r.meaning} | ${yesNo(isScheduled(status))} | ${r.expires} | ${yesNo(r.takesNewSignup)} | ${r.links} |`;
    });
    const stateTable = ["| status | what it means | scheduled | expires | takes a new signup | links that work |", "| --- | --- | --- | --- | --- | --- |", ...stateRows].join("\n");
    const transitionRows = Object.entries(transitions).map(([name, t]) => `| \`${name}\` | ${t.from.join(", ")} | ${t.to} |`);
    const transitionTable = ["| transition | from | to |", "| --- | --- | --- |", ...transitionRows].join("\n");
    expect(readme, `README.md should hold this table:\n${stateTable}`).toContain(stateTable);
    expect(readme, `README.md should hold this table:\n${transitionTable}`).toContain(transitionTable);
    const fields = Object.entries(conditionalFields).map(([field, rule]) => `- \`${field}\`: ${rule}`).join("\n");
    expect(readme, `README.md should hold this list:\n${fields}`).toContain(fields);
  });
});
