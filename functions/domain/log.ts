/** Anything shaped like an address is masked: no email address ever reaches a log line. */
const ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g;

export function redact(text: string): string {
  return text.replace(ADDRESS, "[address]");
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
