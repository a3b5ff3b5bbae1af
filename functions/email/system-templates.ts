import compiled from "../../templates/dist/system.json" with { type: "json" };
import type { Compiled } from "./compiled";

/** The confirmation and notice emails: what the API needs. */
export const systemTemplates: Pick<Compiled, "system"> = compiled;
