import type { Part } from "./compiled";
import { escapeHtml } from "./fill";
import { box } from "./html";
import type { EmailBrand, EmailSettings } from "./inputs";
import { dark, light } from "./palette";
import { BOXES, FOOTER_LINK, TEXT } from "./styles";

/**
 * What the operator's brand adds to an email: the masthead (logo or name), the footer's links
 * and contact line, the call to action in the last email, and the accent colour.
 */

/** The one slot the content itself may use (templates/build.ts allows it): the program's name as the operator gives it. */
export const BRAND_NAME_SLOT = "{{brandName}}";
export const DEFAULT_BRAND_NAME = "unknot";

const none: Part = { html: "", text: "" };

export const brandOf = (settings: EmailSettings): EmailBrand => settings.brand ?? { name: settings.senderName };

/** The logo's size in the masthead: at most 240 × 48 CSS pixels, never enlarged (a 2× PNG shows sharp). */
export function logoSize(logo: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, 240 / logo.width, 48 / logo.height);
  return { width: Math.max(1, Math.round(logo.width * scale)), height: Math.max(1, Math.round(logo.height * scale)) };
}

/**
 * The logo, by its absolute URL, its alt text the name in the masthead's own bold accent type,
 * so with images off the name reads where the logo would be; without a logo, the name.
 */
export function masthead(brand: EmailBrand): Part {
  if (!brand.logo) return { html: escapeHtml(brand.name), text: brand.name };
  const { width, height } = logoSize(brand.logo);
  const style = `display:block;border:0;outline:none;text-decoration:none;max-width:100%;height:auto;font-size:15px;font-weight:700;color:${light.accent};`;
  return {
    html: `<img src="${escapeHtml(brand.logo.url)}" width="${width}" height="${height}" alt="${escapeHtml(brand.name)}" style="${style}" />`,
    text: brand.name,
  };
}

export interface FooterLink {
  label: string;
  url: string;
}

/** The footer's links in a row (each its own tap target), and in plain text one "Label: url" a line. */
export function footerLinks(links: readonly FooterLink[], brand: EmailBrand): Part {
  const all = brand.privacyUrl ? [...links, { label: "Privacy notice", url: brand.privacyUrl }] : links;
  if (all.length === 0) return none;
  const anchors = all.map(({ label, url }) => `<a href="${escapeHtml(url)}" style="${FOOTER_LINK}">${escapeHtml(label)}</a>`);
  return {
    html: `<p style="margin:0 0 4px;">${anchors.join('<span aria-hidden="true"> · </span>')}</p>`,
    text: all.map(({ label, url }) => `${label}: ${url}`).join("\n"),
  };
}

/** "Questions? …": how to reach a person, in every footer. */
export function contactLine(brand: EmailBrand): Part {
  if (!brand.contact) return none;
  return { html: `<p style="margin:0 0 12px;">${escapeHtml(brand.contact)}</p>`, text: brand.contact };
}

/** The operator's own call to action, one line and a link, in a quiet box (only the last email carries it). */
export function callToAction(brand: EmailBrand): Part {
  const cta = brand.callToAction;
  if (!cta) return none;
  const link = `<p style="${TEXT.p}"><a href="${escapeHtml(cta.url)}" style="${TEXT.a}font-weight:700;">${escapeHtml(cta.text)}</a></p>`;
  return {
    html: box(BOXES.note, link, { margin: "8px 0 16px", padding: "16px 18px 0" }),
    text: `${cta.text}: ${cta.url}`,
  };
}

/**
 * The brand's accent in place of the palette's. The compiled emails carry the palette's accent
 * (and the bars drawn in it) as literal colours, inline and in the dark-scheme CSS; these are
 * swapped for the brand's light and dark accents, nothing else.
 */
export function recolour(html: string, accent: EmailBrand["accent"]): string {
  if (!accent) return html;
  const swaps = new Map<string, string>([
    [light.accent, accent.light],
    [light.bar, accent.light],
    [dark.accent, accent.dark],
    [dark.bar, accent.dark],
  ]);
  return html.replace(/#[0-9a-f]{6}\b/gi, (hex) => swaps.get(hex.toLowerCase()) ?? hex);
}
