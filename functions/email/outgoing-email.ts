/** What email builds and the mailer sends. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** RFC 8058 one-click unsubscribe URL; adds List-Unsubscribe and List-Unsubscribe-Post */
  unsubscribeUrl?: string;
}
