import { formatCount } from '../../core/format';
import { clipMaskOf, keptCountOf } from '../../state/clipMask';
import type { ClipState } from '../../state/slices/clip';
import { useAppStore } from '../../state/store';

/**
 * The segmentation's figures are computed once, over every point, while the legend and the
 * exports count what a clip keeps: said so, where a clip box or section is on, lest the two be
 * read as one.
 */
export function clipNote(clip: ClipState, kept: number, points: number, unit: 'points' | 'vertices'): string {
  const cut = clip.box && clip.section !== null ? 'The clip box and section keep' : clip.box ? 'The clip box keeps' : 'The section keeps';
  return `${cut} ${formatCount(kept)} of ${formatCount(points)} ${unit}: the figures here are of the whole scan; the legend and the exports count only those kept.`;
}

export function ClipNote() {
  const clipped = useAppStore((s) => clipMaskOf(s) !== null);
  const clip = useAppStore((s) => s.clip);
  const kept = useAppStore(keptCountOf);
  const layer = useAppStore((s) => s.layer);
  if (!clipped || !layer) return null;
  return (
    <p className="muted" data-testid="segmentation-clip-note">
      {clipNote(clip, kept, layer.points, layer.kind === 'mesh' ? 'vertices' : 'points')}
    </p>
  );
}
