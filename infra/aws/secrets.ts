/**
 * The id key derives every subscriber id from the address: set it once per stage and never
 * change it (`npx sst secret set TokenKey "$(openssl rand -base64 32)"`).
 */
export const tokenKey = new sst.Secret("TokenKey");

/**
 * The link key signs every link (confirm, unsubscribe, check-in…) and can rotate without
 * changing any id: `npx sst secret set LinkKey "$(openssl rand -base64 32)"`. During a rotation
 * the key before it is `LinkKeyPrevious`, accepted but never used to sign; `none` otherwise.
 * README "Rotating the link key".
 */
export const linkKey = new sst.Secret("LinkKey");
export const linkKeyPrevious = new sst.Secret("LinkKeyPrevious", "none");
