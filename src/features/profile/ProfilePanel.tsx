import { formatCount } from '../../core/format';
import { PROFILE_MAX_POINTS } from '../../core/geometry/profile';
import { lengthUnitOf } from '../../state/measurements';
import { heightsSaid, placedProfileWidthOf, profileLengthText } from '../../state/profile';
import { useAppStore } from '../../state/store';
import { NumberField } from '../NumberField';
import { clearProfile, enlargeProfile, exportProfileCsv, finishProfile, setProfileWidth, toggleProfileDrawing } from './profile';
import { LinkedProfilePlot } from './LinkedProfilePlot';
import { useProfileCut } from './useProfileCut';
import './profile.css';

function hint(corners: number): string {
  if (corners === 0) return 'Click a point where the line starts.';
  if (corners === 1) return 'Click where it ends (more clicks add corners).';
  return `${corners} corners: click more, or Enter (or a double-click) to finish.`;
}

export function ProfilePanel() {
  const layer = useAppStore((s) => s.layer);
  const layerData = useAppStore((s) => s.layerData);
  const layers = useAppStore((s) => s.layers);
  const settings = useAppStore((s) => s.settings);
  const profile = useAppStore((s) => s.profile);
  const inputs = { layer, layers, layerData, settings, profile };
  // the points are cut again where the line, the width, the layer, its up, its hidden classes, the clip or the hidden stray points change
  const { result, colors } = useProfileCut();
  const cut = result && !('error' in result) ? result : null;
  if (!layer) return <p className="muted">Open a file to cut a profile through it.</p>;
  // as the layer is drawn, as the distances are
  const width = placedProfileWidthOf(inputs);
  const length = (v: number) => profileLengthText(inputs, v);
  return (
    <div className="controls profile" data-testid="profile">
      <div className="row">
        <button data-testid="profile-draw" className={profile.drawing ? 'active' : undefined} aria-pressed={profile.drawing} onClick={() => toggleProfileDrawing()} title="Click points on the ground across the scan (P)">
          {profile.drawing ? 'Drawing the line… (P)' : profile.line ? 'Draw another line (P)' : 'Draw a line (P)'}
        </button>
        {profile.drawing && profile.current.length >= 2 && (
          <button data-testid="profile-finish" onClick={finishProfile}>
            Finish
          </button>
        )}
      </div>
      {profile.drawing && (
        <p className="muted" data-testid="profile-hint">
          {hint(profile.current.length)} Backspace takes back a corner, Esc drops them.
        </p>
      )}
      <NumberField label={`Corridor width${lengthUnitOf(inputs) ? ` (${lengthUnitOf(inputs)})` : ''}`} value={width} step={width / 10} onValue={setProfileWidth} testId="profile-width" />
      {result && 'error' in result && <p className="error-text">{result.error}</p>}
      {cut && colors && (
        <>
          <p className="muted" data-testid="profile-count" data-count={cut.indices.length} data-found={cut.found}>
            {formatCount(cut.found)} points within {length(width / 2)} of a line {length(cut.length)} long
            {cut.every > 1 && `; 1 in ${formatCount(cut.every)} drawn and exported (${formatCount(cut.indices.length)}), as at most ${formatCount(PROFILE_MAX_POINTS)} are`}
          </p>
          <LinkedProfilePlot cut={cut} colors={colors} />
          <p className="muted" data-testid="profile-heights">
            {heightsSaid(inputs)}.
          </p>
          <div className="row">
            <button data-testid="profile-enlarge" className={profile.enlarged ? 'active' : undefined} aria-pressed={profile.enlarged} onClick={() => enlargeProfile(!profile.enlarged)} title="The plot also shown large, over the lower part of the 3D view">
              Enlarge
            </button>
            <button data-testid="profile-csv" onClick={exportProfileCsv} title="Each point's distance and height, where it is in the file, its colour and fields, as CSV">
              Export CSV
            </button>
            <button data-testid="profile-clear" onClick={clearProfile}>
              Clear
            </button>
          </div>
        </>
      )}
      {!profile.line && !profile.drawing && <p className="muted">A cut through the scan along a line drawn on it: distance along the line against height.</p>}
    </div>
  );
}
