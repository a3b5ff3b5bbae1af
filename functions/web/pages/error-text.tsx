/** A field's error message, with the id the field points at through aria-describedby. */
export function ErrorText(props: { id: string; message?: string }) {
  return props.message ? (
    <p class="error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}
