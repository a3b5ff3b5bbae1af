import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerChecked, doctorAnswers, type DoctorAnswer } from "../functions/domain/checkin/checked";
import { recordCheckin, weeksSent } from "../functions/domain/checkin/checkin";
import type { Context } from "../functions/domain/context";
import { DomainError } from "../functions/domain/errors";
import { conditionalFields, isInProgram, isPaused, isSuppressed, states, statuses } from "../functions/domain/subscriber/states";
import { urgencyOf, type Flag } from "../functions/domain/subscriber/self-check";
import { transitions } from "../functions/domain/subscriber/lifecycle";
import type { Mailer } from "../functions/domain/ports";
import { pause, resume } from "../functions/domain/pause/pause";
import { deleteData } from "../functions/domain/data-rights/personal-data";
import { sweepExpired } from "../functions/domain/program/retention";
import { doctorCheckOf } from "../functions/domain/program/order";
import { runPass } from "../functions/domain/sending/pass";
import type { Subscriber, SubscriberRecord } from "../functions/domain/subscriber/subscriber";
import { confirm, signup } from "../functions/domain/signup/signup";
import { recordEmailEvent } from "../functions/domain/suppression/suppression";
import { subscriberIdFor, type Purpose, type VerifiedLink } from "../functions/domain/links/tokens";
import { unsubscribe } from "../functions/domain/unsubscribe/unsubscribe";
import { sentTo } from "./support/http";
import { memoryContext } from "./support/memory-stack";

/**
 * The lifecycle's invariants, under random sequences of everything that can happen to a few
 * addresses: signups, confirmations, sender passes days apart, pauses and resumes, leaving,
 * bounces and complaints (some of them arriving in the middle of a send), check-ins (some
 * reporting a new warning sign), the answers to "has a doctor checked you?" (checked, told not
 * to exercise, undo), deletes and the retention sweep. The domain runs for real on the in-memory store; after every step, every
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

/** The nonce of the newest confirmation email to this address, if any. */
function latestConfirmNonce(w: World, address: Address): VerifiedLink<"confirm"> | undefined {
  const text = sentTo(w.mail.sent, address).findLast((m) => /\/confirm\?token=/.test(m.body.text ?? ""))?.body.text;
  const token = text?.match(/\/confirm\?token=([A-Za-z0-9_.-]+)/)?.[1];
  if (!token) return undefined;
  const claims = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"));
  return { purpose: "confirm", claims: { s: claims.s, n: claims.n } };
}

const sesEvent = (kind: "Bounce" | "Complaint", address: string, at: string) =>
  JSON.stringify(
    kind === "Bounce"
      ? {
          notificationType: "Bounce",
          mail: { messageId: "ses-1", timestamp: at },
          bounce: { bounceType: "Permanent", bounceSubType: "General", bouncedRecipients: [{ emailAddress: address }], timestamp: at },
        }
      : {
          notificationType: "Complaint",
          mail: { messageId: "ses-2", timestamp: at },
          complaint: { complainedRecipients: [{ emailAddress: address }], complaintFeedbackType: "abuse", timestamp: at },
        },
  );

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
  | { kind: "signup"; who: Address; urgent: boolean; confirms: boolean }
  | { kind: "confirm"; who: Address }
  | { kind: "pass"; days: number; times: number; interfere?: { who: Address; with: Interference } }
  | { kind: "pause"; who: Address; weeks: 2 | 4 }
  | { kind: "resume"; who: Address }
  | { kind: "unsubscribe"; who: Address }
  | { kind: "bounce" | "complain"; who: Address }
  | { kind: "checkin"; who: Address; score: number; sign?: Flag }
  | { kind: "checked"; who: Address; answer: DoctorAnswer }
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
    }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("confirm" as const), who }) },
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
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pause" as const), who, weeks: fc.constantFrom(2 as const, 4 as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("resume" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unsubscribe" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("bounce" as const, "complain" as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { kind: fc.constant("checkin" as const), who, score: fc.integer({ min: 0, max: 10 }), sign: fc.constantFrom<Flag>("fever", "night") },
      { requiredKeys: ["kind", "who", "score"] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("checked" as const), who, answer: fc.constantFrom(...doctorAnswers) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sweep" as const), days: fc.integer({ min: 1, max: 400 }) }) },
);

/** What the test remembers across steps, to check what no single item can show. */
interface Memory {
  /** addresses SES reported, and how many emails had gone out by then: never mailed again after that */
  suppressed: Map<string, number>;
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
      const input = { email: c.who, answers: [], flags: c.urgent ? ["bladder" as const] : [], tz: "Europe/Berlin", consent: "yes" as const, website: "" as const };
      clock.now += 11 * 60_000; // past the resend window, so each signup may mail
      await refusedOrDone(signup(ctx, input, "203.0.113.9", BASE, now()));
      if (c.confirms) return act(w, { kind: "confirm", who: c.who }, memory);
      return;
    }
    case "confirm": {
      const link = latestConfirmNonce(w, c.who);
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
    case "pause":
    case "resume":
    case "unsubscribe":
    case "checked":
    case "delete":
    case "checkin": {
      const s = await current(c.who);
      if (!s?.email) return;
      if (c.kind === "pause") return refusedOrDone(pause(ctx, linkFor(s, "pause"), c.weeks, now()));
      if (c.kind === "resume") return refusedOrDone(resume(ctx, linkFor(s, "pause"), now()));
      if (c.kind === "unsubscribe") return refusedOrDone(unsubscribe(ctx, linkFor(s, "unsubscribe"), now()));
      if (c.kind === "checked") return refusedOrDone(answerChecked(ctx, linkFor(s, "checked"), c.answer, now()));
      if (c.kind === "delete") return refusedOrDone(deleteData(ctx, linkFor(s, "delete"), now()));
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
    expect(s.dueAt !== undefined, `due index, ${about}`).toBe(isInProgram(s.status));
    expect(s.pausedUntil !== undefined && !isPaused(s.status), `pausedUntil, ${about}`).toBe(false);
    // no lease outlives its send: every send of a step has committed or released by its end
    expect([s.leaseId, s.leaseWeek, s.leaseUntil], `lease, ${about}`).toEqual([undefined, undefined, undefined]);
    // a suppression record holds no address and no data: it has nothing to expire
    expect(s.expiresAt !== undefined, `expiry, ${about}`).toBe(Boolean(s.email) && states[s.status].expires !== "never");
    if (s.sendFailures !== undefined) expect(isInProgram(s.status), `sendFailures, ${about}`).toBe(true);
    if (s.pendingSignup) expect(states[s.status].takesNewSignup, `pendingSignup, ${about}`).toBe(true);
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
        const memory: Memory = { suppressed: new Map() };
        for (const c of commands) {
          await act(w, c, memory);
          await checkInvariants(w, memory, c);
        }
      }),
      { numRuns: 200 },
    );
    expect([...reached].sort()).toEqual([...statuses].sort());
    expect([...doctorChecks].sort()).toEqual(["checked", "none", "rest", "unchecked"]);
  }, 120_000);

  it("is the state machine the README shows: its tables and field rules are rendered from the module", () => {
    const readme = readFileSync("README.md", "utf8");
    const yesNo = (b: boolean) => (b ? "yes" : "no");
    const stateRows = statuses.map((status) => {
      const r = states[status];
      return `| \`${status}\` | ${r.meaning} | ${yesNo(isInProgram(status))} | ${r.expires} | ${yesNo(r.takesNewSignup)} | ${r.links} |`;
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
