import { randomUUID } from "node:crypto";

/**
 * CloudWatch Logs filter patterns, in the one form unknot's alarms use: a regular expression
 * between % signs, which matches a log event when it matches anywhere in its message
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html). CloudWatch
 * refuses a pattern with any other character, so this does too, before JavaScript's RegExp (which
 * agrees with CloudWatch on everything the allowed characters can spell) does the matching. Other
 * pattern forms (terms, JSON `{ $.x = … }`, space-delimited) are refused here: Lambda's text log
 * lines aren't JSON to CloudWatch, so unknot doesn't use them.
 */

/** Letters and digits, the symbols `: _ # = @ / ; , -`, and the operators `^ $ ? [ ] { } | \ * + .` (no parentheses, no spaces). */
const ALLOWED = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]+$/;

/** CloudWatch's quota: at most five filters with a regex pattern on one log group. */
export const REGEX_FILTERS_PER_LOG_GROUP = 5;

/** The regular expression a `%…%` pattern stands for; throws, as CloudWatch would refuse it, on anything else. */
export function filterRegex(pattern: string): RegExp {
  const body = /^%(.+)%$/s.exec(pattern)?.[1];
  if (body === undefined) throw new Error(`not a regex filter pattern (%…%): ${pattern}`);
  if (!ALLOWED.test(body)) {
    const refused = [...body].filter((c) => !ALLOWED.test(c));
    throw new Error(`CloudWatch refuses ${JSON.stringify([...new Set(refused)].join(""))} in a regex filter pattern: ${pattern}`);
  }
  return new RegExp(body);
}

/** Whether a log event with this message counts for the filter. */
export const filterMatches = (pattern: string, message: string) => filterRegex(pattern).test(message);

/**
 * A line as a Node.js Lambda with the text log format writes it to CloudWatch: the time, the
 * request id and the level before what the code printed (console.log is INFO, console.error ERROR).
 */
export const lambdaTextLine = (level: "info" | "error", printed: string) =>
  `${new Date().toISOString()}\t${randomUUID()}\t${level === "error" ? "ERROR" : "INFO"}\t${printed}\n`;
