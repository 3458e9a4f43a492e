/** Where a tool's result is kept: the label field `field` (`none` the id of no result), or that the layer's points have changed since it ran. */
export function LabelFieldNote({ field, none, held, staleTestId }: { field: string; none: string; held: boolean; staleTestId: string }) {
  return held ? (
    <p className="muted">
      Kept as the label field <code>{field}</code> ({none}): its colour mode shows them, the inspector reads a point&apos;s, and the PLY exports keep it.
    </p>
  ) : (
    <p className="muted" data-testid={staleTestId}>
      The layer&apos;s points have changed since: find them again.
    </p>
  );
}
