import type { LinkKeys } from "./links/tokens";
import type { Mailer, SubscriberStore } from "./ports";
import type { Settings } from "./settings";
import { evenTiming } from "./signup/even-timing";

/** What every use case needs: the table, the key that derives subscriber ids, and the keys that sign links. */
export interface StorageContext {
  store: SubscriberStore;
  /** derives subscriber ids (`TokenKey`): it never changes, or every id would */
  key: string;
  linkKeys: LinkKeys;
}

/**
 * What a process remembers between requests: built once with the context (`runtime/`), never
 * at module level, so each context (a Lambda instance, a test's stack) has its own.
 */
export interface ProcessMemory {
  /** how long signups take, so every path answers no sooner than the sending one (`signup/even-timing.ts`) */
  signupTiming: ReturnType<typeof evenTiming>;
  /** the overall signup budget read from the SES quota, and when (`signup/limits.ts`) */
  signupBudget?: { perHour: number; readAt: number };
}

export const processMemory = (): ProcessMemory => ({ signupTiming: evenTiming() });

/** Everything the domain needs from the outside world. `runtime/context.ts` builds it for Lambda and the local stack. */
export interface Context extends StorageContext {
  mailer: Mailer;
  settings: Settings;
  memory: ProcessMemory;
  /** what time it is: the system clock, or the local stack's own (which `npm run send -- --at` moves) */
  clock: () => Date;
  /** the operator's custom domain for links, when one is set */
  publicUrl?: string;
  /** the API's own URL: where links in emails sent outside a request (the sender) point otherwise */
  apiUrl?: string;
}
