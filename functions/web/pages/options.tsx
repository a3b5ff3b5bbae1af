import type { Links } from "../../domain/links/links";

/** Links a page may offer beside its own button: each does one thing, and none reads or deletes data. */
type Option = "unsubscribe";

const labels: Record<Option, string> = {
  unsubscribe: "Unsubscribe",
};

/** The subscriber's other choices, each through its own signed link. */
export function OtherOptions(props: { links: Links; show: Option[] }) {
  return (
    <section aria-labelledby="options-heading">
      <h2 id="options-heading">Other choices</h2>
      <ul>
        {props.show.map((option) => (
          <li>
            <a href={props.links[option]()}>{labels[option]}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
