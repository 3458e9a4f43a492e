// Under the legend of a distance, or an offset, measured with a maximum distance: how many of the
// points the legend counts lie beyond it, and how they are drawn, lest they be read as measured.
import { useMemo } from 'react';
import { plural } from '../../core/format';
import { keptMaskOf } from '../../state/clipMask';
import { useAppStore } from '../../state/store';
import { limitText } from './compare';

export function BeyondNote({ modeId }: { modeId: string }) {
  const view = useAppStore((s) => s.comparison);
  const done = view?.status === 'done' && view.maxDistance !== undefined ? view : null;
  const distances = useAppStore((s) => (done ? s.layerData?.geometry.fields[done.field] : undefined));
  const kept = useAppStore(keptMaskOf);
  const beyond = useMemo(() => {
    if (!done || !distances) return 0;
    const limit = Math.fround(done.maxDistance!);
    let n = 0;
    for (let i = 0; i < distances.length; i++) if (distances[i] >= limit && (!kept || kept[i] === 1)) n++;
    return n;
  }, [done, distances, kept]);
  const field = modeId.replace(/^field:/, '');
  if (!done || !distances || !beyond) return null;
  const limit = limitText(done.maxDistance!, done.unit);
  const points = `${plural(beyond, 'point')} beyond ${limit}`;
  if (field === done.field) {
    return (
      <p className="muted" data-testid="legend-beyond">
        {points}, not measured past it: kept as {limit}, the colour at that end of the scale.
      </p>
    );
  }
  if (!done.offsetFields?.includes(field)) return null;
  return (
    <p className="muted" data-testid="legend-beyond">
      {points} {beyond === 1 ? 'has' : 'have'} no nearest point to be offset from: drawn grey.
    </p>
  );
}
