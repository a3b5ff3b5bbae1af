import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * What time it is for the domain (`ctx.clock()`). In AWS, the system clock. The local stack
 * links a `Clock` file instead: the real time moved by an offset kept on disk, so every path
 * in every local process (the app, the scheduler's sender and retention sweep, `npm run send`,
 * the other commands) reads the same time, `npm run send -- --at` moves it for all of them at
 * once, and a restart keeps it.
 */

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

interface ClockFile {
  /** how far the local clock is ahead of the real one */
  offsetMs: number;
}

function readOffset(file: string): number {
  try {
    const { offsetMs } = JSON.parse(readFileSync(file, "utf8")) as Partial<ClockFile>;
    return typeof offsetMs === "number" && Number.isFinite(offsetMs) ? offsetMs : 0;
  } catch {
    return 0; // no file yet: the real time
  }
}

/** The clock kept in `file`, read again whenever the file changes (another process moved it). */
export function fileClock(file: string): Clock {
  let seen: { mtimeMs: number; size: number } | undefined;
  let offset = 0;
  return () => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) {
      seen = undefined;
      offset = 0;
    } else if (!seen || stat.mtimeMs !== seen.mtimeMs || stat.size !== seen.size) {
      seen = { mtimeMs: stat.mtimeMs, size: stat.size };
      offset = readOffset(file);
    }
    return new Date(Date.now() + offset);
  };
}

/** The clock a function's linked resources name: the local stack's file (`Clock`), or the system's. */
export const clockOf = (resources: { Clock?: { file: string } }): Clock => (resources.Clock ? fileClock(resources.Clock.file) : systemClock);

/** Sets the clock kept in `file` to read `at` now; it runs on from there. */
export function moveFileClock(file: string, at: Date): void {
  mkdirSync(dirname(file), { recursive: true });
  const state: ClockFile & { setTo: string; setAt: string } = {
    offsetMs: at.getTime() - Date.now(),
    setTo: at.toISOString(),
    setAt: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}
