import { useAppStore } from '../../state/store';
import { formatCount } from '../../core/format';
import { useSampleIndex } from './useSampleIndex';

/** The gallery's entry in the side column: what there is, and the button that opens the drawer. */
export function GalleryPanel() {
  const { index } = useSampleIndex();
  const open = useAppStore((s) => s.gallery.open);
  const updateGallery = useAppStore((s) => s.updateGallery);
  const shown = useAppStore((s) => s.gallery.shown);
  const sample = index?.samples.find((s) => s.id === shown?.sampleId);
  const datasets = new Set(index?.samples.map((s) => s.dataset));
  return (
    <div className="gallery-panel">
      <p className="muted">
        {index ? `${formatCount(index.samples.length)} real shapes and scans from ${[...datasets].join(', ')}.` : 'Reading the sample index…'}
      </p>
      {sample && (
        <p data-testid="gallery-shown" title={sample.citation}>
          Showing <b>{sample.name}</b>
          {sample.kind === 'object' && <> · true class: {sample.label.replace(/_/g, ' ')}</>}
        </p>
      )}
      <button data-testid="gallery-toggle" onClick={() => updateGallery({ open: !open })} title="Sample gallery (G)">
        {open ? 'Close the gallery' : 'Browse samples…'}
      </button>
    </div>
  );
}
