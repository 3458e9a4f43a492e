import { formatCount } from '../../core/format';
import { hiddenStrayOf } from '../../state/clipMask';
import { useAppStore } from '../../state/store';

/** Says, where the layer's stray points are hidden, that a panel's results leave them out. */
export function StrayNote({ what }: { what: string }) {
  const hidden = useAppStore((s) => hiddenStrayOf(s) !== null);
  const view = useAppStore((s) => s.stray);
  if (!hidden || view?.status !== 'done') return null;
  return (
    <p className="muted" data-testid="stray-note">
      {what} the {formatCount(view.count)} stray points hidden (Stray points panel).
    </p>
  );
}

/** Says which points a recognition result was found on: without the stray points hidden then, or with them though they are hidden now. */
export function StrayResultNote({ leftOut, again }: { leftOut: number | undefined; again: string }) {
  const hidden = useAppStore((s) => hiddenStrayOf(s) !== null);
  if (leftOut) {
    return (
      <p className="muted" data-testid="stray-result-note">
        Found without the {formatCount(leftOut)} stray points hidden.
      </p>
    );
  }
  if (!hidden) return null;
  return (
    <p className="muted" data-testid="stray-result-note">
      Found with the stray points, hidden since: {again} to leave them out.
    </p>
  );
}
