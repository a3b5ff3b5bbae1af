/**
 * The planner logs one JSON line per pass (`"event":"sender_plan"`, functions/domain/sending/planner.ts),
 * whose `overdue` counts the emails due since before the previous pass was planned: a backlog
 * that outlived a whole pass. Lambda prefixes each line, so it isn't JSON to CloudWatch: a
 * regex pattern, where `..` stands for the `":` a pattern can't spell.
 */
export const OVERDUE_PLAN_PATTERN = "%sender_plan.*overdue..[1-9]%";
