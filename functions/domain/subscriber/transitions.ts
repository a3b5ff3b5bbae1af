import type { Change, Precondition } from "../ports";
import type { Subscriber } from "./subscriber";
import { inProgramStatuses, isSuppressed, outranks, signupTakingStatuses, states, statuses, type Status } from "./states";

/**
 * The subscriber's lifecycle, part 2: every way an item changes, as a named function from what
 * the use case knows to the one conditional write it needs (`Step`: the change, and what must
 * still hold), typed by the status it leaves the item in. Pure: the use cases read, compute
 * times and send email; they write only through these, as `store.update(id, ...step)`. Which
 * statuses each step starts from is `transitions` below, the one table the README's state
 * machine shows, and what each step's precondition asks. The steps are in `steps/`, by theme;
 * `lifecycle.ts` gathers them.
 */
export type Step<S extends Subscriber = Subscriber> = readonly [change: Change<S>, when: Precondition];

export const mailable = statuses.filter((s) => !isSuppressed(s));
export const startable = signupTakingStatuses;

/** The statuses each transition starts from; `to` is where it leaves the item. */
export const transitions = {
  signUp: { from: ["(no item)"], to: "pending" },
  proposeSignup: { from: startable, to: "(unchanged: one more signup waiting beside the item, under its own nonce)" },
  confirmationFailed: { from: startable, to: "(unchanged: may be mailed again at once)" },
  confirm: { from: startable, to: "active" },
  sendNotice: { from: inProgramStatuses, to: "(unchanged)" },
  noticeFailed: { from: inProgramStatuses, to: "(unchanged: may be mailed again at once)" },
  claim: { from: inProgramStatuses, to: "active, leased" },
  commit: { from: ["active"], to: "active, next week due" },
  complete: { from: inProgramStatuses, to: "completed" },
  recordSent: { from: statuses, to: "(unchanged: the email recorded, the claim dropped)" },
  release: { from: ["active", "followUp"], to: "(unchanged: due again after a back-off)" },
  dropClaim: { from: statuses, to: "(unchanged: the claim dropped)" },
  pause: { from: inProgramStatuses, to: "paused" },
  resume: { from: ["paused"], to: "active" },
  unsubscribe: { from: mailable.filter((s) => s !== "unsubscribed"), to: "unsubscribed" },
  bounce: { from: [...mailable, ...outranks.bounced], to: "bounced" },
  complain: { from: [...mailable, ...outranks.complained], to: "complained" },
  checkin: { from: ["active", "paused", "completed", "followUp", "unsubscribed"], to: "(unchanged; a newly reported sign joins `flags`)" },
  checked: { from: inProgramStatuses, to: "(unchanged: `checkedAt`, the movement weeks come back)" },
  restAdvised: { from: inProgramStatuses, to: "(unchanged: `restAdvisedAt`, the movement weeks stay held)" },
  uncheck: { from: inProgramStatuses, to: "(unchanged: neither, the movement weeks held again)" },
  answerEnd: { from: ["completed", "followUp", "unsubscribed"], to: "(unchanged)" },
  askFollowUp: { from: ["completed"], to: "followUp" },
  cancelFollowUp: { from: ["followUp"], to: "completed" },
  claimFollowUp: { from: ["followUp"], to: "followUp, leased" },
  sendFollowUp: { from: ["followUp"], to: "completed" },
  answerFollowUp: { from: ["completed", "unsubscribed"], to: "(unchanged)" },
  renewLinks: { from: statuses, to: "(unchanged: a new link epoch)" },
  sendDataLink: { from: statuses, to: "(unchanged; nothing is mailed to a suppressed address)" },
  delete: { from: statuses, to: "(no item); bounced or complained: a suppression record" },
  expire: { from: statuses.filter((s) => states[s].expires !== "never"), to: "(no item)" },
} as const satisfies Record<string, { from: readonly string[]; to: string }>;

export type Transition = keyof typeof transitions;

/** The statuses a transition starts from, as a type. */
export type From<T extends Transition> = Extract<(typeof transitions)[T]["from"][number], Status>;

/** Whether an item in this status may take this transition. */
export const canTake = (transition: Transition, current: Status) =>
  (transitions[transition].from as readonly string[]).includes(current);

/** The fields a send's claim adds; its commit or release takes them away again. */
export const lease = ["leaseId", "leaseWeek", "leaseUntil"] as const;
/** Only a scheduled item is in the due index (`dueAt`); a paused one also knows until when. */
export const schedule = ["dueAt", "pausedUntil"] as const;
