/**
 * The subscriber's lifecycle, in one place to import from (`import * as lifecycle`): the
 * transitions table (`transitions.ts`) and every step, by theme (`steps/`). The statuses and
 * the fields each keeps are `states.ts` and `subscriber.ts`.
 */
export * from "./transitions";
export * from "./steps/signup";
export * from "./steps/sending";
export * from "./steps/program";
export * from "./steps/leaving";
export * from "./steps/outcomes";
