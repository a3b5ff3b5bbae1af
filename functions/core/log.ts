/** Anything shaped like an address is masked: no email address ever reaches a log line. */
const ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g;

export function redact(text: string): string {
  return text.replace(ADDRESS, "[address]");
}

/** One structured JSON line. */
export function log(event: string, fields: Record<string, unknown> = {}, level: "info" | "error" = "info"): void {
  const line = redact(JSON.stringify({ event, ...fields }));
  if (level === "error") console.error(line);
  else console.log(line);
}
