import { scaleSimulation, type ScaleOptions } from "./scale";

/** The scale simulation in a child process (see scaleInProcess): options in argv, the result sent back. */
const options = JSON.parse(process.argv[2] ?? "{}") as Partial<ScaleOptions>;
const result = await scaleSimulation(options);
process.send!(result, () => process.exit(0));
