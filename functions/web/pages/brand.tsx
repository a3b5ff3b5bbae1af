import { createContext, useContext, type Child } from "hono/jsx";
import type { Brand } from "../../domain/settings";

/**
 * The operator's brand as the pages show it, handed down the page tree: the app provides it for
 * every page it renders (web/brand.tsx), the local previews for theirs. Without one: today's look.
 */
const BrandContext = createContext<Brand>({ name: "unknot" });

export const useBrand = (): Brand => useContext(BrandContext);

export function BrandProvider(props: { brand: Brand; children: Child }) {
  return <BrandContext.Provider value={props.brand}>{props.children}</BrandContext.Provider>;
}
