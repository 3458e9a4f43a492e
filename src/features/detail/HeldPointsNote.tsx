import { formatCount } from '../../core/format';
import { useAppStore } from '../../state/store';

/** Says, for a layer held decimated, that a panel's results are those of the held points only. */
export function HeldPointsNote({ what }: { what: string }) {
  const layer = useAppStore((s) => s.layer);
  if (!layer?.decimated) return null;
  return (
    <p className="muted" data-testid="held-points-note">
      {what} the {formatCount(layer.points)} points held of the file&apos;s {formatCount(layer.decimated.total)} (it is decimated); the detail read where the camera rests is not used.
    </p>
  );
}
