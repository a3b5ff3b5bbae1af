import { dark, light } from "./palette";

/**
 * WCAG 2 contrast for an operator's accent colour against the palette it joins. The accent is
 * the colour of links, headings in the masthead and the text on buttons' backgrounds, so it
 * must read at 4.5:1 (AA for text) on every surface it sits on, and the button text on it too,
 * in the light scheme and in the dark one.
 */

export const AA = 4.5;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A colour written with three or six hex digits after "#", as six lower-case ones; undefined for anything else. */
export function normaliseHex(value: string): string | undefined {
  const match = HEX.exec(value.trim());
  if (!match) return undefined;
  const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join("") : match[1]!;
  return `#${digits.toLowerCase()}`;
}

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

export type Scheme = "light" | "dark";
const palettes = { light, dark } as const;

/** What the accent must read against in each scheme: every background text sits on, and the button text on it. */
const SURFACES = {
  "page background": "bg",
  "card": "card",
  "note box": "soft",
  "urgent box": "urgentBg",
  "soon box": "soonBg",
  "button text": "onAccent",
} as const;

export interface ContrastFailure {
  scheme: Scheme;
  against: string;
  colour: string;
  ratio: number;
}

/** The weakest pairing of `accent` with the palette in `scheme`, if it is under AA. */
export function accentFailure(accent: string, scheme: Scheme): ContrastFailure | undefined {
  const palette = palettes[scheme];
  const pairs = Object.entries(SURFACES).map(([against, key]) => ({
    scheme,
    against,
    colour: palette[key],
    ratio: contrastRatio(accent, palette[key]),
  }));
  const worst = pairs.sort((a, b) => a.ratio - b.ratio)[0]!;
  return worst.ratio < AA ? worst : undefined;
}

const BLACK = [0, 0, 0];
const WHITE = [255, 255, 255];

function mix(hex: string, to: number[], share: number): string {
  return `#${channels(hex).map((c, i) => Math.round(c + (to[i]! - c) * share).toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The nearest shade of `accent` that passes in `scheme`: darker for the light scheme, lighter
 * for the dark one (the same hue, mixed with black or white in small steps).
 */
export function passingShade(accent: string, scheme: Scheme): string {
  const towards = scheme === "light" ? BLACK : WHITE;
  for (let step = 0; step < 100; step++) {
    const shade = mix(accent, towards, step / 100);
    if (!accentFailure(shade, scheme)) return shade;
  }
  return mix(accent, towards, 1);
}

/** In words, for the settings check: what failed and a shade that would pass. */
export function explainFailure(failure: ContrastFailure, accent: string): string {
  return `${accent} has ${failure.ratio.toFixed(1)}:1 contrast with the ${failure.scheme} scheme's ${failure.against} (${failure.colour}); text needs at least ${AA}:1 (WCAG AA). Try ${passingShade(accent, failure.scheme)}`;
}
