/**
 * The log lines the alarms count, as CloudWatch filter patterns. Lambda writes each line as text
 * with a prefix (`<time>\t<request id>\tINFO\t{"event":…}`), so a line isn't JSON to CloudWatch
 * and a JSON pattern (`{ $.event = … }`) would never match: these are regex patterns (between %
 * signs), in the few characters CloudWatch's regex allows (no quotes, no parentheses: `..` stands
 * for the `":` a pattern can't spell). `test/support/filter-pattern.ts` matches them as CloudWatch
 * does, and `test/infra/alarms.test.ts` runs them against the lines the real code logs.
 */

/**
 * A planned pass (`"event":"sender_plan"`, functions/domain/sending/planner.ts) that found emails
 * due since before the previous pass was planned (`overdue`): a backlog that outlived a whole pass.
 */
export const OVERDUE_PLAN_PATTERN = "%sender_plan.*overdue..[1-9]%";

/** One email that SES refused or that couldn't be sent (`"event":"send_failed"`, functions/domain/sending/deliver.ts). */
export const SEND_FAILED_PATTERN = "%send_failed%";

/**
 * A signup email SES refused (`"event":"confirmation_failed"` or `"event":"notice_failed"`,
 * functions/domain/signup/signup.ts). The page answers 200 whatever happened, so nothing else
 * shows it; and while confirmations fail, nobody can confirm, so no weekly email is ever due to fail.
 */
export const SIGNUP_EMAIL_FAILED_PATTERN = "%confirmation_failed|notice_failed%";
