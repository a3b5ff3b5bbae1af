/** The SES identity that sends every email. `UNKNOT_SENDER` is an address or a domain you own;
 * with a domain, set `UNKNOT_FROM_ADDRESS` too (e.g. coach@your-domain). */
const sender = process.env.UNKNOT_SENDER;
if (!sender) throw new Error("Set UNKNOT_SENDER to the address or domain unknot sends from");

export const email = new sst.aws.Email("Email", {
  sender,
  dmarc: sender.includes("@") ? undefined : "v=DMARC1; p=none;",
});
