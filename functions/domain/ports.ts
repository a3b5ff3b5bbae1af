import type { Status, SuppressedStatus } from "./subscriber/states";
import type { OutgoingEmail } from "../email/outgoing-email";
import type { Checkin, SentEmail, Subscriber, SubscriberRecord } from "./subscriber/subscriber";

/** What must still hold for a write to go through. All given parts must hold. */
export interface Precondition {
  status?: readonly Status[];
  /** the item carries exactly this lease */
  leaseId?: string;
  /** the item carries no lease, or one that ran out before this time (epoch ms) */
  unleasedAt?: number;
  week?: number;
  /** the program has moved past this week (it was sent): the item's `week` is greater */
  pastWeek?: number;
  /** scheduled at or before this time (epoch ms) */
  dueBy?: number;
  /**
   * the item's signup nonce, or its single pending signup's (from a version before), is exactly
   * this (absent when `equals` is undefined); or a signup waits under this nonce
   */
  nonce?: { field: "signupNonce" | "pendingSignup"; equals: string | undefined } | { field: "pendingSignups"; has: string };
  /** this timestamp field is absent or earlier than `before` (epoch ms) */
  olderThan?: { field: "confirmSentAt" | "noticeSentAt" | "dataLinkSentAt"; before: number };
}

/** The fields a write sets, checked against what the status `S` keeps: a field it doesn't keep is refused. */
export type FieldsOf<S extends Subscriber> = S extends unknown ? Partial<Omit<S, "pk">> : never;

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** The fields every one of the statuses `S` must have. */
type RequiredInAll<S> = (S extends unknown ? (keys: RequiredKeys<S>) => void : never) extends (keys: infer K) => void ? K : never;
/** A field a write may remove: never the key, the address or the status, nor a field every status it may leave the item in must have. */
export type RemovableField<S extends Subscriber> = Exclude<keyof SubscriberRecord, "pk" | "email" | "status" | RequiredInAll<S>>;

/**
 * One write to a subscriber's item, as the lifecycle (`subscriber/lifecycle.ts`) makes them,
 * leaving the item a `S`: what it sets and removes is checked against what `S` keeps.
 */
export interface Change<S extends Subscriber = Subscriber> {
  set?: FieldsOf<S>;
  remove?: readonly RemovableField<S>[];
  /** an email that went out: it joins the `sent` history */
  sentEmail?: SentEmail;
  /** one week's check-in, recorded or replaced; the others stay as they are */
  checkin?: { week: number; checkin: Checkin };
}

/** A change as an adapter applies it: field by field, whatever status it leaves the item in. */
export interface StoredChange {
  set?: Partial<Omit<SubscriberRecord, "pk">>;
  remove?: readonly (keyof SubscriberRecord)[];
  sentEmail?: SentEmail;
  checkin?: { week: number; checkin: Checkin };
}

/** The change as the table sees it (its status typing was the lifecycle's business). */
export const storedChange = <S extends Subscriber>(change: Change<S>): StoredChange => change as unknown as StoredChange;

/** A position in a scan of the whole table, to continue from. */
export interface ScanCursor {
  pk: string;
}

/** A scheduled subscriber, as the due index holds it: who, which week, and when it is due (epoch ms). */
export interface DueEntry {
  pk: string;
  dueAt: number;
  week: number;
}

/**
 * The subscribers, one item each, keyed by their one-way id. Writes are conditional and
 * single-item: there are no multi-item transactions.
 */
export interface SubscriberRepository {
  get(id: string): Promise<Subscriber | undefined>;
  /** Writes a new item, or replaces one whose status is in `replacing`. False if neither held. */
  create(subscriber: Subscriber, replacing: readonly Status[]): Promise<boolean>;
  /** Applies the change if the item exists and the precondition holds; returns the new item, a `S`. */
  update<S extends Subscriber>(id: string, change: Change<S>, when: Precondition): Promise<S | undefined>;
  /** Deletes the item; true if there was one. */
  remove(id: string): Promise<boolean>;
  /** Deletes the item if its `expiresAt` (epoch seconds) is at or before `nowSeconds`; true if it did. */
  removeExpired(id: string, nowSeconds: number): Promise<boolean>;
  /**
   * One page of every subscriber item (never a counter or a marker), with only the named
   * fields: for operator tools, never for a request path (it reads the whole table). `limit`
   * caps the items read per page.
   */
  scan<K extends keyof SubscriberRecord>(
    fields: readonly K[],
    cursor?: ScanCursor,
    limit?: number,
  ): Promise<{ items: Pick<SubscriberRecord, K>[]; next?: ScanCursor }>;
}

/** Who is due: the subscribers whose next email is scheduled (`dueAt` is set only while it is). */
export interface DueIndex {
  /**
   * Every subscriber scheduled at or before `now` (epoch ms), earliest first. How the index is
   * laid out, and read in pages of `pageSize`, is the adapter's business.
   */
  due(now: number, pageSize?: number): Promise<DueEntry[]>;
  /** When the earliest scheduled email is due (epoch ms), or undefined when nothing is scheduled. */
  nextDueAt(): Promise<number | undefined>;
}

/** Shared counters with a ceiling (the signup limits), atomic across every function instance. */
export interface Counters {
  /**
   * Counts one more against the counter `name` if it is still below `limit`; true if it was
   * (and is now one higher). Atomic, so concurrent callers never take more than `limit` between
   * them. The counter is gone after `expiresAt`. Counters are not subscribers: scans skip them.
   */
  countUp(name: string, limit: number, expiresAt: Date): Promise<boolean>;
  /** How far the counter `name` has counted: 0 if it never has. */
  counted(name: string): Promise<number>;
}

/** Addresses that must never be mailed again, kept apart from their data so they outlive it. */
export interface Suppressions {
  /**
   * Records for good that the address with this id must never be mailed again (no expiry).
   * A complaint outranks a bounce, never the other way round (`outranks`); repeating one
   * changes nothing. True if the marker changed.
   */
  markSuppressed(id: string, status: SuppressedStatus): Promise<boolean>;
  /** What the marker says of the address with this id: undefined if it was never suppressed. */
  suppressedStatusOf(id: string): Promise<SuppressedStatus | undefined>;
}

/**
 * The table, as the domain reaches it: the four ports above. `adapters/dynamo/` is the adapter
 * used in AWS and locally (against dynalite), `test/support/memory-store.ts` one in memory that
 * behaves the same (`test/store-contract.test.ts` holds both to it).
 */
export type SubscriberStore = SubscriberRepository & DueIndex & Counters & Suppressions;

export type { OutgoingEmail };

/** The account's sending limits. `max24HourSend` is -1 when unlimited. */
export interface SendQuota {
  max24HourSend: number;
  sentLast24Hours: number;
  maxSendRate: number;
}

/** The mail port: `adapters/ses-mailer.ts` in AWS and locally, an in-memory one in tests (`test/mailer-contract.test.ts`). */
export interface Mailer {
  /** Sends one email; resolves to the provider's message id. */
  send(email: OutgoingEmail): Promise<string>;
  quota(): Promise<SendQuota>;
}
