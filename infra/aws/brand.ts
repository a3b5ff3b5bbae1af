import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod/mini";
import { accentFailure, explainFailure, normaliseHex, passingShade } from "../../functions/email/contrast";
import type { Brand } from "../../functions/domain/settings";

/**
 * The clinic's own look, in `unknot.config.json` as `brand`: the name pages and emails show, a
 * logo, an accent colour, the privacy notice, a contact line and an optional call to action.
 * Checked here, where a deploy or `npm start` reads the file; the functions receive the result
 * as part of the linked `Settings` (`runtimeBrand`).
 */

/** Logos are served from the app and fetched by every email that shows images: keep them small. */
const MAX_LOGO_BYTES = 64 * 1024;
const PNG_SIGNATURE = "89504e470d0a1a0a";

const line = (max: number) =>
  z.string().check(
    z.minLength(1, "must not be empty"),
    z.maxLength(max, `must be at most ${max} characters`),
    z.regex(/^[^\p{Cc}]*$/u, "must be one line of text"),
  );
const https = z.url({ protocol: /^https$/, error: "expected an https:// address" });

export const brandConfigSchema = z.strictObject({
  /** the name every page header and title, email masthead and the consent sentence show */
  name: z.optional(line(40)),
  /** a PNG in this repository (a path from its root), shown above every page and email */
  logo: z.optional(z.string().check(z.minLength(1))),
  /** "#rrggbb", or { light, dark } for the two colour schemes */
  accentColor: z.optional(z.union([z.string(), z.strictObject({ light: z.string(), dark: z.string() })])),
  /** your privacy notice, linked beside the consent box and in every footer; required in production */
  privacyUrl: z.optional(https),
  /** a line in every footer: how to reach a person */
  contact: z.optional(line(200)),
  /** one line and a link, in the last email and on the page after signing up */
  callToAction: z.optional(z.strictObject({ text: line(120), url: https })),
});

export type BrandConfig = z.output<typeof brandConfigSchema>;

interface Logo {
  bytes: Buffer;
  width: number;
  height: number;
}

function readLogo(path: string): Logo | string {
  const file = resolve(path);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return `no file at ${path} (a path from the repository's root)`;
  }
  if (size > MAX_LOGO_BYTES) return `${path} is ${Math.ceil(size / 1024)} KB; keep it under ${MAX_LOGO_BYTES / 1024} KB (every email fetches it)`;
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 8).toString("hex") !== PNG_SIGNATURE || bytes.subarray(12, 16).toString("latin1") !== "IHDR") {
    return `${path} is not a PNG: use a PNG (SVG doesn't show in most email apps)`;
  }
  return { bytes, width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

type AccentProblem = { path: string[]; message: string };

/** The accent for both schemes: as given, with the dark one derived when only one colour is. */
function accentOf(value: NonNullable<BrandConfig["accentColor"]>): { light: string; dark: string } | AccentProblem {
  const pair = typeof value !== "string";
  const given: { light: string; dark?: string } = pair ? value : { light: value };
  const at = (scheme: "light" | "dark") => (pair ? ["accentColor", scheme] : ["accentColor"]);
  const light = normaliseHex(given.light);
  if (!light) return { path: at("light"), message: `expected a colour such as "#0b6e5f", not ${JSON.stringify(given.light)}` };
  const failedLight = accentFailure(light, "light");
  if (failedLight) return { path: at("light"), message: explainFailure(failedLight, given.light) };
  if (given.dark === undefined) return { light, dark: passingShade(light, "dark") };
  const dark = normaliseHex(given.dark);
  if (!dark) return { path: at("dark"), message: `expected a colour such as "#6fd6bf", not ${JSON.stringify(given.dark)}` };
  const failedDark = accentFailure(dark, "dark");
  return failedDark ? { path: at("dark"), message: explainFailure(failedDark, given.dark) } : { light, dark };
}

const isProblem = (value: object): value is AccentProblem => "message" in value;

/** What is wrong with a brand beyond its shape (a colour under AA contrast, a logo that can't be used), by path within `brand`. */
export function brandProblems(brand: BrandConfig): AccentProblem[] {
  const problems: AccentProblem[] = [];
  if (brand.accentColor !== undefined) {
    const accent = accentOf(brand.accentColor);
    if (isProblem(accent)) problems.push(accent);
  }
  if (brand.logo !== undefined) {
    const logo = readLogo(brand.logo);
    if (typeof logo === "string") problems.push({ path: ["logo"], message: logo });
  }
  return problems;
}

/** The brand as the functions read it (`Settings.brand`): the name (else the sender's), the logo's bytes, both accents. */
export function runtimeBrand(brand: BrandConfig | undefined, senderName: string): Brand {
  const accent = brand?.accentColor === undefined ? undefined : accentOf(brand.accentColor);
  const logo = brand?.logo === undefined ? undefined : readLogo(brand.logo);
  // the settings check refused these already; a brand that skipped it must not reach the functions
  if (accent && isProblem(accent)) throw new Error(`brand.${accent.path.join(".")}: ${accent.message}`);
  if (typeof logo === "string") throw new Error(`brand.logo: ${logo}`);
  return {
    name: brand?.name ?? senderName,
    ...(accent && { accent }),
    ...(logo && { logo: { data: logo.bytes.toString("base64"), width: logo.width, height: logo.height } }),
    ...(brand?.privacyUrl && { privacyUrl: brand.privacyUrl }),
    ...(brand?.contact && { contact: brand.contact }),
    ...(brand?.callToAction && { callToAction: brand.callToAction }),
  };
}
