/** `{{{name}}}` is a raw HTML fragment, `{{name}}` a value escaped in HTML mode. */
const SLOT = /\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/**
 * Fills the slots of a compiled template in one pass: values are never re-scanned for slots,
 * a slot without a value becomes empty, and keys without a slot are ignored.
 * In text mode both slot forms insert the value as-is.
 */
export function fill(template: string, values: Record<string, string>, mode: "html" | "text"): string {
  return template.replace(SLOT, (_slot, raw: string | undefined, escaped: string | undefined) => {
    const name = raw ?? escaped ?? "";
    const value = Object.hasOwn(values, name) ? (values[name] ?? "") : "";
    return mode === "html" && escaped !== undefined ? escapeHtml(value) : value;
  });
}
