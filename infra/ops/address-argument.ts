import { parseArgs } from "node:util";

/** The one email address an operator command is given (`npm run <command> -- <address>`); else usage, exit 2. */
export function addressArgument(command: string): string {
  const { positionals } = parseArgs({ allowPositionals: true });
  const address = positionals[0];
  if (!address || positionals.length > 1) {
    console.error(`Usage: npm run ${command} -- <email address>`);
    process.exit(2);
  }
  return address;
}
