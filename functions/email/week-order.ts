import order from "../../templates/dist/order.json" with { type: "json" };

/**
 * The weeks every program is made from, in their default order (the order of
 * `templates/program/`), for the API that personalises it and the sender that rebuilds it.
 * A file of its own, so neither Lambda bundles the other's templates for it.
 */
export const defaultOrder: readonly string[] = order;
