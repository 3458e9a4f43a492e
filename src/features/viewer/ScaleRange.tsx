// The range a scale colour mode spreads its colour map over, as Potree and CloudCompare let a person
// set it: a LAS file's intensity or a tall scan's height is often crowded into a sliver of its full
// range by a few outliers. Values past the ends take the end colours.
import { useEffect, useState } from 'react';
import type { ColorLegend } from '../../core/color/colorModes';
import { formatNumber } from '../../core/format';
import { scaleQuantilesOf, useAppStore } from '../../state/store';

/** The share of the points the "middle" range spans: 2% are left past each end. */
export const MIDDLE_SHARE = 0.96;

/** Sets the colour scale range of mode `modeId`, or gives it back its full range (null). */
export function chooseScaleRange(modeId: string, range: [number, number] | null): void {
  const { settings, updateSettings } = useAppStore.getState();
  const { [modeId]: _old, ...others } = settings.scaleRanges;
  updateSettings({ scaleRanges: range ? { ...others, [modeId]: range } : others });
}

/** A number typed in full and taken on Enter or when the field is left; a value that is no number, or on the wrong side of the other end, is undone. */
function RangeEnd({ testId, value, accept }: { testId: string; value: number; accept: (v: number) => boolean }) {
  const [draft, setDraft] = useState(formatNumber(value, 4));
  useEffect(() => setDraft(formatNumber(value, 4)), [value]);
  const commit = () => {
    const shown = formatNumber(value, 4);
    if (draft === shown) return;
    const v = Number(draft.trim());
    if (!(draft.trim() && Number.isFinite(v) && accept(v))) setDraft(shown);
  };
  return (
    <input
      data-testid={testId}
      className="range-end"
      inputMode="decimal"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
    />
  );
}

export function ScaleRange({ legend, modeId }: { legend: Extract<ColorLegend, { kind: 'scale' }>; modeId: string }) {
  const chosen = useAppStore((s) => s.settings.scaleRanges[modeId]);
  const middle = () => {
    const q = scaleQuantilesOf(useAppStore.getState(), [(1 - MIDDLE_SHARE) / 2, (1 + MIDDLE_SHARE) / 2]);
    if (q && q[0] < q[1]) chooseScaleRange(modeId, [q[0], q[1]]);
  };
  const hasQuantiles = useAppStore((s) => scaleQuantilesOf(s, []) !== null);
  return (
    <div className="legend-range" data-testid="scale-range" data-min={legend.min} data-max={legend.max} data-chosen={chosen !== undefined}>
      <RangeEnd testId="scale-min" value={legend.min} accept={(v) => v < legend.max && (chooseScaleRange(modeId, [v, legend.max]), true)} />
      <span className="range-buttons">
        {hasQuantiles && (
          <button data-testid="scale-middle" title={`Spread the colours over the middle ${MIDDLE_SHARE * 100}% of the points`} onClick={middle}>
            Middle {MIDDLE_SHARE * 100}%
          </button>
        )}
        <button
          data-testid="scale-full"
          disabled={!chosen}
          title={`Spread the colours over every value: ${formatNumber(legend.full.min, 2)} to ${formatNumber(legend.full.max, 2)}`}
          onClick={() => chooseScaleRange(modeId, null)}
        >
          Full
        </button>
      </span>
      <RangeEnd testId="scale-max" value={legend.max} accept={(v) => v > legend.min && (chooseScaleRange(modeId, [legend.min, v]), true)} />
    </div>
  );
}
