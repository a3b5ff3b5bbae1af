import type { StatsItem } from "../stats/figures";
import { FOLLOW_UP, FOLLOW_UP_DAYS } from "../../../functions/domain/outcomes/follow-up";
import type { Impression, Measures } from "../../../functions/domain/outcomes/measures";
import { ON_HOLD } from "../../../functions/domain/program/order";
import { answerIds, type Answer, type Flag } from "../../../functions/domain/subscriber/self-check";
import { status as named, type Status } from "../../../functions/domain/subscriber/states";
import type { Checkin, SentEmail } from "../../../functions/domain/subscriber/subscriber";

/**
 * `npm run report -- --demo`: a made-up but plausible program, generated in memory with a fixed
 * seed (the same report every time), so anyone can see the report without a table. Nothing is
 * written anywhere. Six months of signups, seen from one day (`DEMO_TODAY`, the date the demo
 * report says it was made): every email, check-in and answer is dated before it. The numbers
 * mean nothing.
 */
const SIGNUPS = 1_400;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const START = Date.parse("2026-01-05T09:00:00Z");
/** The demo's today: two months after the last signup, so most programs are over and early follow-ups in. */
export const DEMO_TODAY = new Date(START + 240 * DAY);
const TODAY = DEMO_TODAY.getTime();
const PAGE = 100;

/** A full program, and the shorter one of someone whose movement weeks were held (an on-hold week instead). */
const FULL = Array.from({ length: 9 }, (_, i) => `week-${i + 1}`);
const SHORT = [...FULL.slice(0, 5), ON_HOLD, FULL[8]!];

/** mulberry32: a small seeded generator, so the demo is repeatable. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ticked: Record<Answer, number> = {
  rest: 0.45,
  morning: 0.5,
  chronic: 0.6,
  location: 0.25,
  mood: 0.6,
  appetite: 0.15,
  fatigue: 0.4,
  sleep: 0.55,
};

const clamp = (x: number) => Math.min(10, Math.max(0, Math.round(x)));
const iso = (at: number) => new Date(at).toISOString();

/** How someone might say they are overall, given how far their pain moved (and some noise). */
function impressionOf(change: number, next: () => number): Impression {
  const felt = change + (next() - 0.5) * 3;
  return felt <= -3 ? "muchBetter" : felt <= -1 ? "better" : felt < 1 ? "same" : felt < 3 ? "worse" : "muchWorse";
}

/** The three answers, each left out now and then; all of them about the same pain. */
function measures(pain: number, at: number, next: () => number, all: boolean): Measures {
  const near = () => clamp(pain + (next() - 0.5) * 3);
  return { pain: clamp(pain), ...(all && { enjoyment: near(), activity: near() }), at: iso(at) };
}

function person(next: () => number): StatsItem {
  const chance = (p: number) => next() < p;
  const created = START + Math.floor(next() * 180 * DAY);
  const at = iso(created);
  const answers = answerIds.filter((answer) => chance(ticked[answer]));
  const urgent = chance(0.02);
  const flags: Flag[] = urgent ? ["bladder"] : chance(0.1) ? ["night"] : [];
  // a starting score, and a drift that is a little kinder to some than to others
  const start = Math.min(10, Math.max(1, Math.round(6 + (next() - 0.5) * 5)));
  const baseline = chance(0.75) ? measures(start, created, next, chance(0.9)) : undefined;
  const base = { createdAt: at, consentAt: at, answers, flags, ...(baseline && { baseline }) };
  if (!chance(0.8)) return { ...base, status: chance(0.03) ? named.bounced : named.pending };

  const confirmed = created + Math.floor(next() * DAY);
  // urgent and never checked: the movement weeks wait, and the program runs short
  const program = urgent && chance(0.7) ? SHORT : FULL;
  const due = Math.min(program.length, Math.floor((TODAY - confirmed) / WEEK) + 1);
  const sent: SentEmail[] = [];
  const checkins: Record<string, Checkin> = {};
  let pain = start;
  const drift = (answers.includes("mood") ? -0.35 : -0.2) + (next() - 0.5) * 0.5;
  let status: Status = named.active;
  for (let week = 1; week <= due; week++) {
    const sentAt = confirmed + (week - 1) * WEEK;
    sent.push({ week, template: program[week - 1]!, at: iso(sentAt), messageId: "demo" });
    pain = Math.min(10, Math.max(0, pain + drift + (next() - 0.5) * 1.6));
    if (chance(0.7 - week * 0.03) && sentAt + DAY < TODAY) checkins[String(week)] = { score: clamp(pain), at: iso(sentAt + DAY) };
    if (chance(0.004)) status = named.bounced;
    else if (chance(0.0008)) status = named.complained;
    else if (chance(0.035)) status = named.unsubscribed;
    if (status !== named.active) break;
  }
  const round = { ...base, confirmedAt: iso(confirmed), program, sent, checkins };
  if (status !== named.active || sent.length < program.length) {
    return { ...round, status: status === named.active && chance(0.04) ? named.paused : status };
  }

  // the last email went out: the end questions, perhaps the follow-up
  const lastAt = Date.parse(sent.at(-1)!.at);
  const answerAt = lastAt + 2 * DAY;
  const answersEnd = chance(0.65) && answerAt < TODAY;
  const askedFor = answersEnd && chance(0.45);
  const atEnd = answersEnd
    ? { ...measures(pain, answerAt, next, chance(0.9)), change: impressionOf(pain - start, next), followUp: askedFor }
    : undefined;
  const finished = { ...round, ...(atEnd && { atEnd }) };
  // some leave straight after the last email: they completed all the same
  if (chance(0.02)) return { ...finished, status: named.unsubscribed };
  if (!askedFor) return { ...finished, status: named.completed };
  const followUpAt = lastAt + FOLLOW_UP_DAYS * DAY;
  if (followUpAt > TODAY) return { ...finished, status: named.followUp };
  const later = Math.min(10, Math.max(0, pain + (next() - 0.5) * 2));
  const followUpSent = [...sent, { week: program.length + 1, template: FOLLOW_UP, at: iso(followUpAt), messageId: "demo" }];
  const atFollowUp = chance(0.7) && followUpAt + DAY < TODAY
    ? { ...measures(later, followUpAt + DAY, next, chance(0.9)), change: impressionOf(later - start, next) }
    : undefined;
  return { ...finished, sent: followUpSent, ...(atFollowUp && { atFollowUp }), status: named.completed };
}

/** `count` demo subscribers, in pages as a scan would return them (the benchmark seeds a table with them). */
export function* demoPages(count = SIGNUPS): Generator<StatsItem[]> {
  const next = random(20260105);
  for (let done = 0; done < count; done += PAGE) {
    yield Array.from({ length: Math.min(PAGE, count - done) }, () => person(next));
  }
}
