import * as z from "zod/mini";

/** RFC 5321 §4.5.3.1: the longest path SMTP carries, local part and domain label. */
const MAX_LENGTH = 254;
const MAX_LOCAL_OCTETS = 64;
const MAX_LABEL_OCTETS = 63;

/** Addresses compare case-insensitively and without surrounding space. */
export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

const octets = (text: string) => Buffer.byteLength(text, "utf8");
const localPart = (address: string) => address.slice(0, address.lastIndexOf("@"));
const domainLabels = (address: string) => address.slice(address.lastIndexOf("@") + 1).split(".");

/** A deliverable-looking address within SMTP's limits: no spaces, controls or header-breaking characters. */
export const emailSchema = z.pipe(
  z.pipe(z.string({ error: "Please enter your email address." }), z.transform(normaliseEmail)),
  z.pipe(
    z.string().check(
      z.minLength(1, "Please enter your email address."),
      z.maxLength(MAX_LENGTH, "That email address is too long."),
    ),
    z.email("That doesn't look like an email address. Please check it.").check(
      z.refine(
        (address) => octets(localPart(address)) <= MAX_LOCAL_OCTETS,
        `The part before the @ is too long: email can carry at most ${MAX_LOCAL_OCTETS} characters there. Please check the address.`,
      ),
      z.refine(
        (address) => domainLabels(address).every((label) => octets(label) <= MAX_LABEL_OCTETS),
        `A part of the domain (between dots) is too long: at most ${MAX_LABEL_OCTETS} characters each. Please check the address.`,
      ),
    ),
  ),
);

/** Domains whose provider documents that dots in the local part don't matter, and the one mailbox domain each is. */
export const DOTS_IGNORED: Readonly<Record<string, string>> = { "gmail.com": "gmail.com", "googlemail.com": "gmail.com" };

/**
 * The mailbox a normalised address delivers to, for counting what is sent to one inbox (never
 * for sending or storing: the address stays as typed). A tag after a plus (`user+tag@`, which
 * the big providers deliver to `user@`) is dropped everywhere; dots only where the provider
 * documents it (Gmail: `j.doe@` and `jdoe@` are one inbox, and googlemail.com is gmail.com).
 */
export function mailboxOf(normalised: string, dotsIgnored: Readonly<Record<string, string>> = DOTS_IGNORED): string {
  const at = normalised.lastIndexOf("@");
  const [local, domain] = [normalised.slice(0, at), normalised.slice(at + 1)];
  const plus = local.indexOf("+");
  const untagged = plus > 0 ? local.slice(0, plus) : local;
  const folded = Object.hasOwn(dotsIgnored, domain) ? dotsIgnored[domain] : undefined;
  return folded ? `${untagged.replaceAll(".", "")}@${folded}` : `${untagged}@${domain}`;
}
