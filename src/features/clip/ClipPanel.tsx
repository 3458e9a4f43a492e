import { formatCount } from '../../core/format';
import { heightOfOrigin } from '../../core/io/shift';
import { keptCountOf } from '../../state/clipMask';
import { useAppStore } from '../../state/store';
import { heightRange, setClipKeep, setSectionHeight, toggleClipBox, toggleSection, viewFromAbove } from './clip';

/** Steps of the section slider over the layer's height. */
const SECTION_STEPS = 200;

export function ClipPanel() {
  const layer = useAppStore((s) => s.layer);
  const clip = useAppStore((s) => s.clip);
  const kept = useAppStore(keptCountOf);
  const upAxis = useAppStore((s) => s.settings.upAxis);
  const range = heightRange(layer, upAxis);
  if (!layer || !range) return <p className="muted">Open a file to clip it.</p>;
  const step = (range.high - range.low) / SECTION_STEPS || 1;
  return (
    <div className="controls clip" data-testid="clip">
      <label className="check">
        <input type="checkbox" data-testid="clip-box" checked={clip.box !== null} onChange={(e) => toggleClipBox(e.target.checked)} />
        Clip box (C) <span className="muted">drag its handles</span>
      </label>
      {clip.box && (
        <label>
          Keep
          <select data-testid="clip-keep" value={clip.box.keep} onChange={(e) => setClipKeep(e.target.value as 'inside' | 'outside')}>
            <option value="inside">inside the box</option>
            <option value="outside">outside the box</option>
          </select>
        </label>
      )}
      <label className="check">
        <input type="checkbox" data-testid="clip-section" checked={clip.section !== null} onChange={(e) => toggleSection(e.target.checked)} />
        Section (S): cut away what is above
      </label>
      {clip.section !== null && (
        <label>
          <span>
            Height <span className="value" data-testid="clip-section-value">{(clip.section + heightOfOrigin(layer.origin, upAxis)).toFixed(2)}</span>
          </span>
          <input
            type="range"
            data-testid="clip-section-height"
            min={range.low}
            max={range.high}
            step={step}
            value={clip.section}
            onChange={(e) => setSectionHeight(Number(e.target.value))}
          />
        </label>
      )}
      <div className="row">
        <button data-testid="view-top" onClick={viewFromAbove} title="Look straight down (T)">
          View from above
        </button>
      </div>
      <p className="muted" data-testid="clip-kept" data-kept={kept}>
        {formatCount(kept)} of {formatCount(layer.points)} {layer.kind === 'mesh' ? 'vertices' : 'points'} kept
      </p>
    </div>
  );
}
