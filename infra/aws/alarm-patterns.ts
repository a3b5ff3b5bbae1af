/**
 * The sender logs one JSON line per pass (`"event":"sender_pass"`, functions/domain/sending/pass.ts); a
 * pass that left work for later has a non-zero `deferred`. Lambda prefixes each line, so it isn't
 * JSON to CloudWatch: a regex pattern, where `..` stands for the `":` a pattern can't spell.
 */
export const DEFERRED_PASS_PATTERN = "%sender_pass.*deferred..[1-9]%";
