import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { encode, wrap } from "nodemailer/lib/qp";

/** One email as unknot sends every email: a text and an HTML version of the same message. */
export interface MimeMessage {
  from: { name: string; address: string };
  to: string;
  subject: string;
  date: Date;
  text: string;
  html: string;
  /** further header fields (List-Unsubscribe, List-Unsubscribe-Post) */
  headers?: Record<string, string>;
}

/** A bare address, one recipient and nothing else: what signup lets in (`emailSchema`). */
const PLAIN_ADDRESS = /^[!#-'*+\-/-9=?A-Z^-~]+(?:\.[!#-'*+\-/-9=?A-Z^-~]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;
/**
 * What the composer is given in place of the text and the HTML: one character beyond ASCII, so it
 * heads both parts "charset=utf-8" and "quoted-printable", as every email is written below.
 */
const PLACEHOLDER = "\u00e9";

/** Text as quoted-printable (UTF-8) by nodemailer's encoder, soft-wrapped at 76, every line ending in CRLF. */
export function quotedPrintable(text: string): string {
  return wrap(encode(text.replace(/\r\n?/g, "\n")), 76).replace(/\r?\n/g, "\r\n");
}

/**
 * The MIME message for one email: multipart/alternative, the text then the HTML version, both
 * UTF-8 in quoted-printable, every line ending in CRLF. nodemailer's composer writes every header
 * (the addresses, the subject's encoded words and folding, the Message-ID, the boundary), so no
 * value can add a header; its quoted-printable encoder writes the bodies. The bodies are not
 * handed to the composer itself: it scans and streams them to choose their encoding, which took
 * most of the sender's MIME time (BENCHMARKS.md, 6), and every unknot email is written the one
 * way (each has letters beyond ASCII, ’ at least).
 */
export function composeMime(message: MimeMessage): Buffer {
  if (!PLAIN_ADDRESS.test(message.to)) throw new Error("Not a plain email address: refusing to write it into a header");
  const root = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    date: message.date,
    headers: message.headers,
    text: PLACEHOLDER,
    html: PLACEHOLDER,
    textEncoding: "quoted-printable",
    newline: "windows",
  }).compile();
  // the root's headers first: they settle its boundary
  const head = root.buildHeaders().replace(/\r?\n/g, "\r\n");
  const [text, html] = root.childNodes;
  if (!root.boundary || root.childNodes.length !== 2 || text?.getTransferEncoding() !== "quoted-printable" || html?.getTransferEncoding() !== "quoted-printable") {
    throw new Error("nodemailer no longer composes a text and an HTML part in quoted-printable: update adapters/mime.ts");
  }
  const part = (node: typeof text, body: string) => `--${root.boundary}\r\n${node.buildHeaders().replace(/\r?\n/g, "\r\n")}\r\n\r\n${quotedPrintable(body)}\r\n`;
  return Buffer.from(`${head}\r\n\r\n${part(text, message.text)}${part(html, message.html)}--${root.boundary}--\r\n`, "latin1");
}
