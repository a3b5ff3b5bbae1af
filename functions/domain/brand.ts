import type { EmailSettings } from "../email/inputs";
import type { Brand, Settings } from "./settings";

/** Where the app serves the operator's logo; emails point at it from the same origin as their links. */
export const LOGO_PATH = "/assets/logo.png";

/** The operator's brand, or today's look named after the sender when none is configured. */
export const brandOf = (settings: Pick<Settings, "senderName" | "brand">): Brand => settings.brand ?? { name: settings.senderName };

/** What an email shows of the settings: the footer's sender and address, and the brand with the logo's absolute URL. */
export function emailSettings(settings: Settings, baseUrl: string): EmailSettings {
  const { logo, ...brand } = brandOf(settings);
  return {
    senderName: settings.senderName,
    postalAddress: settings.postalAddress,
    brand: { ...brand, ...(logo && { logo: { url: `${baseUrl}${LOGO_PATH}`, width: logo.width, height: logo.height } }) },
  };
}
