// The profile's plot large, over the lower part of the 3D view between the side columns, for a cut
// across a room or a survey that the side panel's plot is too small to read. Its top edge is dragged
// to make it taller or shorter. Its Close button or Esc (where no tool takes it) puts it away; the
// side panel's plot stays.
import { useRef } from 'react';
import { formatCount } from '../../core/format';
import { profileLengthText } from '../../state/profile';
import { useAppStore } from '../../state/store';
import { enlargeProfile } from './profile';
import { LinkedProfilePlot } from './LinkedProfilePlot';
import { useEnlargedHeight } from './useEnlargedHeight';
import { useProfileCut } from './useProfileCut';
import './profile.css';

export function EnlargedProfile() {
  const enlarged = useAppStore((s) => s.profile.enlarged);
  const layer = useAppStore((s) => s.layer);
  const layerData = useAppStore((s) => s.layerData);
  const settings = useAppStore((s) => s.settings);
  const { result, colors } = useProfileCut();
  const panel = useRef<HTMLElement>(null);
  const { height, handle } = useEnlargedHeight(panel);
  if (!enlarged || !result || 'error' in result || !colors) return null;
  return (
    <section ref={panel} className="panel profile-large" data-testid="profile-large" aria-label="Height profile, enlarged" style={height === null ? undefined : { height }}>
      <div
        className="profile-large-resize"
        data-testid="profile-large-resize"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the large plot"
        title="Drag to make the plot taller or shorter (or ↑ ↓)"
        tabIndex={0}
        {...handle}
      />
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
