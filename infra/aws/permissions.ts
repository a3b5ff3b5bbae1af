/**
 * Least privilege. SST's links grant broadly (`dynamodb:*` for a table, invoking a linked
 * function), so the table and functions are linked for their names only, and each function gets
 * exactly the actions it uses, below.
 */

/**
 * A function's role trusts Lambda alone. SST 4.17 also lets the account root assume every function
 * role outside `sst dev` (function.ts, createRole: `!dev` tests an Output, which is always truthy),
 * so anyone in the account allowed sts:AssumeRole could act as the sender. `sst dev` needs that
 * trust for its live functions, so it keeps it. Declared before any function (sst.config.ts
 * imports this file first); an earlier `transform.role` of a function still runs.
 */
$transform(sst.aws.Function, (args) => {
  if ($dev) return;
  const previous = args.transform?.role;
  args.transform = {
    ...args.transform,
    role: (role, opts, name) => {
      if (typeof previous === "function") previous(role, opts, name);
      else if (previous) Object.assign(role, previous);
      role.assumeRolePolicy = aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" });
    },
  };
});

sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({ properties: { name: table.name } }));
// only the API (which has a URL) is linked, to the sender, for its URL: no `lambda:InvokeFunction`
sst.Linkable.wrap(sst.aws.Function, (fn) => ({ properties: { name: fn.name, url: fn.url } }));

/** DynamoDB actions on the subscribers table; `index` adds Query on its indexes (the due index). */
export function tableAccess(table: sst.aws.Dynamo, actions: string[], { index = false } = {}) {
  return [
    { actions: actions.map((action) => `dynamodb:${action}`), resources: [table.arn] },
    ...(index ? [{ actions: ["dynamodb:Query"], resources: [$interpolate`${table.arn}/index/*`] }] : []),
  ];
}
