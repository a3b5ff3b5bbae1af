/**
 * Imported first by every local command and `npm start`: the AWS SDK's nine-line notice that
 * its releases after January 2027 will need Node 22 is said once, in the README (Quick start),
 * not on every command. Set before any SDK client is made, which is when the SDK checks.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
