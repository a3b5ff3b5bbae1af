import type { Compiled } from "./compiled";
import { programTemplates } from "./program-templates";
import { systemTemplates } from "./system-templates";

/** Everything at once, for tools and tests. Functions import only the half they need. */
export const templates: Compiled = { ...programTemplates, ...systemTemplates };
