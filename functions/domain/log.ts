/**
 * An @ however a log line may spell it: itself, percent-encoded once or more (`%40`, `%2540`,
 * as a path or query keeps it), its full-width and small forms (which mail software may fold
 * into @), an HTML entity, a JSON escape.
 */
const AT = new RegExp(String.raw`@|%(?:25)*40|\uFF20|\uFE6B|&#0*64;|&#x0*40;|&commat;|\\u0040`, "i");
/** A run of what an address can be made of, in a log line: between spaces, quotes, brackets and separators. */
const RUN = /[^\s<>"'(),:]+/g;

/**
 * Anything shaped like an address is masked: no email address ever reaches a log line. A run
 * with an @ inside it (not at either end) goes whole; linear in the line's length, whatever it holds.
 */
export function redact(text: string): string {
  return text.replace(RUN, (run) => (AT.test(run.slice(1, -1)) ? "[address]" : run));
}

export type LogSink = (line: string, level: "info" | "error") => void;

/** Where Lambda's log lines go: stdout, errors to stderr. */
const toConsole: LogSink = (line, level) => (level === "error" ? console.error(line) : console.log(line));
let sink = toConsole;

/** Sends the log lines elsewhere (an operator command keeps its stdout for its output); none: back to the console. */
export function setLogSink(next: LogSink = toConsole): void {
  sink = next;
}

/** One structured JSON line. */
export function log(event: string, fields: Record<string, unknown> = {}, level: "info" | "error" = "info"): void {
  sink(redact(JSON.stringify({ event, ...fields })), level);
}
