// A worker thread's entry: Node 20 can't load TypeScript into a worker with `--import tsx` on
// the worker itself, so this plain file registers tsx in the thread, then loads the real entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
