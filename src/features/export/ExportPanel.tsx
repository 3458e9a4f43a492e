import { useAppStore } from '../../state/store';
import { HeldPointsNote } from '../detail/HeldPointsNote';
import { canExport, exportLabelledPly, exportPredictionsJson } from './exportResults';

export function ExportPanel() {
  const ready = useAppStore(canExport);
  return (
    <div className="export-panel">
      <div className="row">
        <button data-testid="export-ply" disabled={!ready} onClick={exportLabelledPly} title="The points with their predicted class (pred) and confidence, as binary PLY">
          Labelled PLY
        </button>
        <button data-testid="export-json" disabled={!ready} onClick={exportPredictionsJson} title="Top-5 classes or class counts, metrics and boxes, as JSON">
          Predictions JSON
        </button>
      </div>
      <HeldPointsNote what="Exports hold" />
      {!ready && <p className="muted">Available once the file is recognised.</p>}
    </div>
  );
}
