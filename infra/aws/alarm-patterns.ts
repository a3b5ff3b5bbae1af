/**
 * The log lines the alarms count, as CloudWatch filter patterns. Lambda writes each line as text
 * with a prefix (`<time>\t<request id>\tINFO\t{"event":…}`), so a line isn't JSON to CloudWatch
 * and a JSON pattern (`{ $.event = … }`) would never match: these are regex patterns (between %
 * signs), in the few characters CloudWatch's regex allows (no quotes, no parentheses: `..` stands
 * for the `":` a pattern can't spell). `test/support/filter-pattern.ts` matches them as CloudWatch
 * does, and `test/infra/alarms.test.ts` runs them against the lines the real code logs.
 */

/** A sender pass (`"event":"sender_pass"`, functions/domain/sending/pass.ts) that left due emails for later. */
export const DEFERRED_PASS_PATTERN = "%sender_pass.*deferred..[1-9]%";

/** One email that SES refused or that couldn't be sent (`"event":"send_failed"`, functions/domain/sending/deliver.ts). */
export const SEND_FAILED_PATTERN = "%send_failed%";
