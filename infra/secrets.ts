/** The key that signs every link (confirm, unsubscribe, check-in…) and derives subscriber ids.
 * Set it once per stage: `npx sst secret set TokenKey "$(openssl rand -base64 32)"`.
 * Changing it later invalidates every link already mailed and every subscriber id. */
export const tokenKey = new sst.Secret("TokenKey");
