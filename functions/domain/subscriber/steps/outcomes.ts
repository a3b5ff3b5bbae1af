import type { EndAnswers, FollowUpAnswers } from "../../outcomes/measures";
import type { Completed, FollowUp, SubscriberIn } from "../subscriber";
import type { Delivered } from "./sending";
import type { Status } from "../states";
import { canTake, lease, transitions, type From, type Step } from "../transitions";

/**
 * The outcome answers after the program, and the one follow-up someone may ask for. Each
 * holds only once the email it belongs to has gone out: the end answers once the last week
 * (`lastWeek`) has, the follow-up answers once the follow-up has.
 */

/** The statuses given, if the transition starts from `current`; none (the write fails) otherwise. */
const onlyIf = (transition: "answerEnd" | "answerFollowUp", current: Status) => (canTake(transition, current) ? [current] : []);

/** Records (or changes) the answers after the last email; the status stays as it is. */
export function answerEnd(current: Status, lastWeek: number, answers: EndAnswers): Step<SubscriberIn<From<"answerEnd">>> {
  return [{ set: { atEnd: answers, updatedAt: answers.at } }, { status: onlyIf("answerEnd", current), pastWeek: lastWeek }];
}

/**
 * They asked for the follow-up: it is due at `dueAt`, through the same due index as the weekly
 * emails. Their data is kept until it has gone out (retention counts from it). Holds only while
 * no follow-up has gone out yet: the item's next week is still the one after the last.
 */
export function askFollowUp(lastWeek: number, answers: EndAnswers, dueAt: number, now: Date): Step<FollowUp> {
  const at = now.toISOString();
  return [
    { set: { status: "followUp", atEnd: answers, dueAt, statusAt: at, updatedAt: at }, remove: ["expiresAt"] },
    { status: transitions.askFollowUp.from, week: lastWeek + 1 },
  ];
}

/** They no longer want the follow-up: completed, with their data kept until `expiresAt`. */
export function cancelFollowUp(answers: EndAnswers, expiresAt: number, now: Date): Step<Completed> {
  const at = now.toISOString();
  return [
    { set: { status: "completed", atEnd: answers, expiresAt, statusAt: at, updatedAt: at }, remove: ["dueAt", "sendFailures"] },
    { status: transitions.cancelFollowUp.from },
  ];
}

/** A sender claims the follow-up (the item's `week`, one past the last program week) until `until`. */
export function claimFollowUp(week: number, leaseId: string, now: number, until: number): Step<FollowUp> {
  return [
    { set: { leaseId, leaseWeek: week, leaseUntil: until } },
    { status: transitions.claimFollowUp.from, week, dueBy: now, unleasedAt: now },
  ];
}

/** The follow-up went out: completed, its data kept until `expiresAt` (counted from this email). */
export function sendFollowUp({ sent, mailedEpoch }: Delivered, leaseId: string, expiresAt: number): Step<Completed> {
  return [
    {
      set: { status: "completed", statusAt: sent.at, updatedAt: sent.at, week: sent.week + 1, expiresAt, mailedEpoch },
      remove: ["dueAt", ...lease, "sendFailures"],
      sentEmail: sent,
    },
    { leaseId, status: transitions.sendFollowUp.from },
  ];
}

/** Records (or changes) the follow-up answers, once the follow-up (week `followUpWeek`) has gone out. */
export function answerFollowUp(current: Status, followUpWeek: number, answers: FollowUpAnswers): Step<SubscriberIn<From<"answerFollowUp">>> {
  return [{ set: { atFollowUp: answers, updatedAt: answers.at } }, { status: onlyIf("answerFollowUp", current), pastWeek: followUpWeek }];
}
