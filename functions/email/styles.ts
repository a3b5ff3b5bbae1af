import { light } from "./palette";

/**
 * The emails' look, written down once: the layouts get these at build time (`templates/build.ts`
 * bakes them into `templates/*.mjml`), the Markdown and the boxes carry them inline, and so do
 * the check-in row and the trend chart. Colours come from the palette.
 */
/** The system fonts. No web font: MJML would add a Google Fonts link for one it knows (Roboto). */
export const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

/** Inline styles for what Markdown produces (many email clients ignore <style> blocks); the coaching parts reuse them. */
export const TEXT = {
  h1: `margin:28px 0 12px;font-size:24px;line-height:1.3;font-weight:700;color:${light.ink};`,
  h2: `margin:28px 0 12px;font-size:21px;line-height:1.3;font-weight:700;color:${light.ink};`,
  h3: `margin:24px 0 8px;font-size:18px;line-height:1.35;font-weight:700;color:${light.ink};`,
  p: "margin:0 0 16px;",
  ul: "margin:0 0 16px;padding-left:24px;",
  ol: "margin:0 0 16px;padding-left:24px;",
  li: "margin:0 0 8px;",
  a: `color:${light.accent};text-decoration:underline;`,
  blockquote: `margin:0 0 16px;padding-left:16px;border-left:3px solid ${light.line};color:${light.muted};`,
} as const;

/** A quiet link in running text (the footer's line after a doctor's check), which may wrap like the words around it. */
export const MUTED_LINK = `color:${light.muted};text-decoration:underline;`;

/**
 * The footer's quiet links (unsubscribe, pause, your data, the privacy notice): each a 44 px
 * tall target that never breaks inside itself, so a 320 px phone wraps between links, not in one.
 */
export const FOOTER_LINK = `color:${light.muted};text-decoration:underline;display:inline-block;padding:11px 0;line-height:22px;white-space:nowrap;`;

/** A box's colours, and the class the dark scheme (`darkEmailCss`) restyles it by. */
export interface BoxLook {
  className: string;
  style: string;
}

export const BOXES = {
  note: { className: "u-box", style: `background-color:${light.soft};border-left:4px solid ${light.bar};` },
  urgent: { className: "u-urgent", style: `background-color:${light.urgentBg};border:2px solid ${light.urgent};` },
  soon: { className: "u-soon", style: `background-color:${light.soonBg};border:2px solid ${light.soon};` },
  checkin: { className: "u-box", style: `background-color:${light.bg};` },
} as const satisfies Record<string, BoxLook>;
