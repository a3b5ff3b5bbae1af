import { light } from "./palette";
import { FONT, type BoxLook } from "./styles";

/*
 * The few HTML shapes the emails' fragments are made of. Everything is inline-styled and built
 * from tables: many email clients drop <style> blocks and ignore CSS layout.
 */

/** A layout table: no borders, no spacing, full width, and not a data table to screen readers. */
export const PRESENTATION = `role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"`;

/** `style` for an element; `attributes` anything else, written as is. */
export const layoutTable = (rows: string, style?: string, attributes = "") =>
  `<table ${PRESENTATION}${attributes ? ` ${attributes}` : ""}${style ? ` style="${style}"` : ""}>${rows}</table>`;

/** A rounded box of one cell that carries its font and colours itself (they don't reach into tables everywhere). */
export function box(look: BoxLook, inner: string, spacing: { margin: string; padding: string; text?: string }): string {
  const td = `${look.style}border-radius:6px;padding:${spacing.padding};font-family:${FONT};${spacing.text ?? ""}color:${light.ink};`;
  return layoutTable(`<tr><td class="${look.className}" style="${td}">${inner}</td></tr>`, `margin:${spacing.margin};`);
}
