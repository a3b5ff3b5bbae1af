import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";
import type MimeNode from "nodemailer/lib/mime-node/index.js";
import { encode, wrap } from "nodemailer/lib/qp";

/** What nodemailer keeps on a node besides its typed fields: anything that makes it write more than headers and text. */
type Node = MimeNode & { _raw?: unknown; _transforms?: unknown[]; _processFuncs?: unknown[] };

/** A tree this module writes as nodemailer would: a multipart root over text parts held as strings, nothing streamed or transformed. */
function isPlainTree(root: Node): boolean {
  const simple = (node: Node) => !node._raw && !node._transforms?.length && !node._processFuncs?.length;
  const written = (encoding: string | false) => encoding === "quoted-printable" || encoding === "7bit";
  return (
    Boolean(root.multipart) &&
    simple(root) &&
    root.childNodes.length > 0 &&
    root.childNodes.every((child: Node) => simple(child) && !child.multipart && typeof child.content === "string" && written(child.getTransferEncoding()))
  );
}

/**
 * The MIME message nodemailer's MailComposer builds for these options, byte for byte, written in
 * one go instead of through its streams (several times the cost, most of a send's MIME time).
 * nodemailer still makes every header (encoding, folding, the Message-ID, the boundary) and
 * encodes each part with its own quoted-printable encoder; this only puts the pieces in the
 * order its stream writes them (`MimeNode.stream`), with its `newline: "windows"` line ends.
 * A message outside that shape (an attachment, a stream, a raw part) is left to nodemailer.
 */
export async function composeMime(options: Mail.Options): Promise<Buffer> {
  const root = new MailComposer({ ...options, newline: "windows" }).compile() as Node;
  // the headers first, as the stream writes them: they settle the node's multipart boundary
  const headers = root.buildHeaders();
  if (!isPlainTree(root)) return root.build();
  let message = `${headers}\r\n\r\n`;
  root.childNodes.forEach((child, i) => {
    const content = child.content as string;
    const body = child.getTransferEncoding() === "quoted-printable" ? wrap(encode(content), 76) : content;
    message += `${i ? "\r\n" : ""}--${root.boundary}\r\n${child.buildHeaders()}\r\n\r\n${body}`;
  });
  message += `\r\n--${root.boundary}--\r\n`;
  // what nodemailer's line-ending transform does to the whole message
  return Buffer.from(message.replace(/\r?\n/g, "\r\n"));
}
