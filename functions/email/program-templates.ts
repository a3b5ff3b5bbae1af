import compiled from "../../templates/dist/program.json" with { type: "json" };
import type { Compiled } from "./compiled";

/** The weekly emails, the interludes, the held versions, the follow-up, the personal notes and the red-flag boxes: what the sender fills in. */
export const programTemplates: Pick<Compiled, "program" | "interludes" | "held" | "followUp" | "notes" | "redFlags"> = compiled;
