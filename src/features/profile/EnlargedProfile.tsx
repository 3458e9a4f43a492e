// The profile's plot large, over the lower part of the 3D view between the side columns, for a cut
// across a room or a survey that the side panel's plot is too small to read. Its Close button or
// Esc (where no tool takes it) puts it away; the side panel's plot stays.
import { formatCount } from '../../core/format';
import { profileLengthText } from '../../state/profile';
import { useAppStore } from '../../state/store';
import { enlargeProfile } from './profile';
import { LinkedProfilePlot } from './LinkedProfilePlot';
import { useProfileCut } from './useProfileCut';
import './profile.css';

export function EnlargedProfile() {
  const enlarged = useAppStore((s) => s.profile.enlarged);
  const layer = useAppStore((s) => s.layer);
  const layerData = useAppStore((s) => s.layerData);
  const settings = useAppStore((s) => s.settings);
  const { result, colors } = useProfileCut();
  if (!enlarged || !result || 'error' in result || !colors) return null;
  return (
    <section className="panel profile-large" data-testid="profile-large" aria-label="Height profile, enlarged">
      <header className="profile-large-title">
        <span className="panel-title">Height profile</span>
        <span className="muted">
          {formatCount(result.indices.length)} points along a line {profileLengthText({ layer, layerData, settings }, result.length)} long
        </span>
        <button data-testid="profile-large-close" onClick={() => enlargeProfile(false)} title="Close the large plot (Esc)" aria-label="Close the large plot">
          ×
        </button>
      </header>
      <LinkedProfilePlot cut={result} colors={colors} fill testId="profile-plot-large" />
    </section>
  );
}
