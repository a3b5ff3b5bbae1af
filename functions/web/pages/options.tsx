import type { Links } from "../../domain/links/links";

/** The one other choice a page offers beside its own button (pausing): leaving, through its own signed link. Nothing that reads or deletes data. */
export function OtherOptions(props: { links: Pick<Links, "unsubscribe"> }) {
  return (
    <section aria-labelledby="options-heading">
      <h2 id="options-heading">Other choices</h2>
      <ul>
        <li>
          <a href={props.links.unsubscribe()}>Unsubscribe</a>
        </li>
      </ul>
    </section>
  );
}
