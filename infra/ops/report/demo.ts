import type { StatsItem } from "../stats/figures";
import { answerIds, type Answer, type Flag } from "../../../functions/domain/subscriber/self-check";
import { status as named, type Status } from "../../../functions/domain/subscriber/states";
import type { Checkin, SentEmail } from "../../../functions/domain/subscriber/subscriber";

/**
 * `npm run report -- --demo`: a made-up but plausible program, generated in memory with a fixed
 * seed (the same report every time), so anyone can see the report without a table. Nothing is
 * written anywhere. Six months of signups; the numbers mean nothing.
 */
const SIGNUPS = 1_400;
const WEEKS = 9;
const DAY = 86_400_000;
const START = Date.parse("2026-01-05T09:00:00Z");
const TODAY = START + 200 * DAY;
const PAGE = 100;

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

function person(next: () => number): StatsItem {
  const chance = (p: number) => next() < p;
  const createdAt = new Date(START + Math.floor(next() * 180 * DAY));
  const at = createdAt.toISOString();
  const answers = answerIds.filter((answer) => chance(ticked[answer]));
  const flags: Flag[] = chance(0.02) ? ["bladder"] : chance(0.1) ? ["night"] : [];
  const base = { createdAt: at, consentAt: at, answers, flags };
  if (!chance(0.8)) return { ...base, status: chance(0.03) ? named.bounced : named.pending };

  const confirmedAt = new Date(createdAt.getTime() + Math.floor(next() * DAY));
  const due = Math.min(WEEKS, Math.floor((TODAY - confirmedAt.getTime()) / (7 * DAY)) + 1);
  const sent: SentEmail[] = [];
  const checkins: Record<string, Checkin> = {};
  // a starting score, and a drift that is a little kinder to some than to others
  let pain = Math.min(10, Math.max(1, Math.round(6 + (next() - 0.5) * 5)));
  const drift = (answers.includes("mood") ? -0.35 : -0.2) + (next() - 0.5) * 0.5;
  let status: Status = named.active;
  for (let week = 1; week <= due; week++) {
    sent.push({ week, template: "demo", at, messageId: "demo" });
    if (chance(0.7 - week * 0.03)) {
      pain = Math.min(10, Math.max(0, pain + drift + (next() - 0.5) * 1.6));
      checkins[String(week)] = { score: Math.round(pain), at };
    }
    if (chance(0.004)) status = named.bounced;
    else if (chance(0.0008)) status = named.complained;
    else if (chance(0.035)) status = named.unsubscribed;
    if (status !== named.active) break;
  }
  if (status === named.active && sent.length === WEEKS) status = named.completed;
  else if (status === named.active && chance(0.04)) status = named.paused;
  return { ...base, status, confirmedAt: confirmedAt.toISOString(), sent, checkins };
}

/** `count` demo subscribers, in pages as a scan would return them (the benchmark seeds a table with them). */
export function* demoPages(count = SIGNUPS): Generator<StatsItem[]> {
  const next = random(20260105);
  for (let done = 0; done < count; done += PAGE) {
    yield Array.from({ length: Math.min(PAGE, count - done) }, () => person(next));
  }
}
