/**
 * A subscriber's own words (a check-in note), made safe to mail back to them from the clinic's
 * address. Whoever holds a check-in link can write one, and a mail client trusts what the
 * clinic sends: so nothing in a note may read differently than it is, or become a link. Width
 * and compatibility forms are folded (a full-width ＠ or ． is an @ or a dot), invisible
 * formatting characters go (right-to-left overrides, zero-width joiners), and whatever a mail
 * client would turn into a link (a URL, a www. or bare domain, an address) is defused with
 * brackets, the way security notices quote links: `evil[.]example`, `https[:]//`, `name[at]host`.
 * The stored note stays as it was typed; only the email shows it so.
 */
export function quotedNote(note: string): string {
  return note
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    .replace(/:\/\//g, "[:]//")
    .replace(/@/g, "[at]")
    .replace(/(?<=[\p{L}\p{N}])\.(?=\p{L}{2,})/gu, "[.]")
    .trim();
}
