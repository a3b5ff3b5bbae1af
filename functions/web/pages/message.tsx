import type { Child } from "hono/jsx";
import { Layout } from "./layout";

/** A page with a heading, a few words, optionally a form with one button, and what comes after it (other choices). */
export function MessagePage(props: {
  title: string;
  children: Child;
  action?: { url: string; label: string; extra?: Child };
  after?: Child;
}) {
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      {props.children}
      {props.action && (
        <form method="post" action={props.action.url}>
          {props.action.extra}
          <div class="actions">
            <button type="submit">{props.action.label}</button>
          </div>
        </form>
      )}
      {props.after}
    </Layout>
  );
}
