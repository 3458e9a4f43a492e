// Which of the active layer's points a tool takes, as its panel says it: those the clip, the hidden
// stray points and the filter by value leave (the kept mask), of all the layer holds.
import type { ReactNode } from 'react';
import { formatCount } from '../core/format';
import { clipMaskOf, hiddenStrayOf, keptCountOf } from '../state/clipMask';
import { useAppStore } from '../state/store';
import { valueFilterMaskOf } from '../state/valueFilter';

export function TakenNote({ testId, children }: { testId: string; children?: ReactNode }) {
  const layer = useAppStore((s) => s.layer);
  const kept = useAppStore(keptCountOf);
  const clipped = useAppStore((s) => clipMaskOf(s) !== null);
  const strayHidden = useAppStore((s) => hiddenStrayOf(s) !== null);
  const filtered = useAppStore((s) => valueFilterMaskOf(s) !== null);
  if (!layer) return null;
  const what = layer.kind === 'mesh' ? 'vertices' : 'points';
  const leaving = [clipped && 'the clip', strayHidden && 'hiding the stray points', filtered && 'the filter by value'].filter(Boolean).join(' and ');
  const held = layer.decimated ? ` (the ${formatCount(layer.points)} held of the file's ${formatCount(layer.decimated.total)})` : '';
  return (
    <p className="muted" data-testid={testId} data-kept={kept}>
      {leaving ? `Takes the ${formatCount(kept)} ${what} left by ${leaving}, of ${formatCount(layer.points)}${held}.` : `Takes all ${formatCount(kept)} ${what} of ${layer.fileName}${held}.`}
      {children}
    </p>
  );
}
