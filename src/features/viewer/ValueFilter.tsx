// Under a scale legend: how many kept points lie past its ends, and the switch that hides them
// (CloudCompare's "Filter by value"). The filter follows the colour mode: a mode without a scale
// filters nothing while shown, and its legend says so.
import type { ValueHistogram } from '../../core/color/scaleReading';
import { formatCount, plural } from '../../core/format';
import { keptCountOf } from '../../state/clipMask';
import { useAppStore } from '../../state/store';
import { valueFilterIdle } from '../../state/valueFilter';

/** "12 points below the range, 3 above it, 1 with no value", or null where every point is in it. */
export function pastTheEnds({ below, above, missing }: Pick<ValueHistogram, 'below' | 'above' | 'missing'>, unit: readonly [string, string]): string | null {
  const said = ([[below, 'below'], [above, 'above'], [missing, 'with no value']] as const).filter(([n]) => n > 0);
  if (!said.length) return null;
  return said
    .map(([n, where], i) => `${i === 0 ? plural(n, unit[0], unit[1]) : formatCount(n)} ${where === 'with no value' ? where : `${where} ${i === 0 ? 'the range' : 'it'}`}`)
    .join(', ');
}

const setFilter = (on: boolean) => useAppStore.getState().updateSettings({ filterByValue: on });

export function ValueFilter({ histogram }: { histogram: ValueHistogram }) {
  const on = useAppStore((s) => s.settings.filterByValue);
  const kept = useAppStore(keptCountOf);
  const layer = useAppStore((s) => s.layer);
  if (!layer) return null;
  const unit = layer.kind === 'mesh' ? (['vertex', 'vertices'] as const) : (['point', 'points'] as const);
  const outside = pastTheEnds(histogram, unit);
  return (
    <div className="controls value-filter">
      {outside && (
        <p className="muted" data-testid="histogram-outside">
          {on ? 'Hidden' : 'Past the ends'}: {outside}.
        </p>
      )}
      <label className="check">
        <input type="checkbox" data-testid="value-filter" checked={on} onChange={(e) => setFilter(e.target.checked)} />
        Show only {unit[1]} in this range
      </label>
      {on && (
        <p className="muted" data-testid="value-filter-kept" data-kept={kept}>
          {formatCount(kept)} of {plural(layer.points, unit[0], unit[1])} kept
        </p>
      )}
    </div>
  );
}

/** In the legend of a mode without a scale, while the filter is on: says it filters nothing here, and offers to switch it off. */
export function IdleValueFilterNote() {
  const idle = useAppStore(valueFilterIdle);
  if (!idle) return null;
  return (
    <p className="muted" data-testid="value-filter-idle">
      The filter by value is on, but this colour mode has no scale: it hides nothing here, and filters again in a mode with one.{' '}
      <button onClick={() => setFilter(false)}>Switch it off</button>
    </p>
  );
}
