import { useAppStore } from '../../state/store';
import { HeldPointsNote } from '../detail/HeldPointsNote';
import { StrayNote } from '../stray/StrayNote';
import { canExport, exportFieldsPly, exportLabelledPly, exportPlacedPly, exportPredictionsJson, isPlaced } from './exportResults';

export function ExportPanel() {
  const ready = useAppStore(canExport);
  const shown = useAppStore((s) => s.layer !== null);
  const placed = useAppStore(isPlaced);
  return (
    <div className="export-panel">
      <div className="row">
        <button data-testid="export-ply" disabled={!ready} onClick={exportLabelledPly} title="The points with their predicted class (pred) and confidence, as binary PLY">
          Labelled PLY
        </button>
        <button data-testid="export-json" disabled={!ready} onClick={exportPredictionsJson} title="Top-5 classes or class counts, metrics and boxes, as JSON">
          Predictions JSON
        </button>
        <button
          data-testid="export-fields-ply"
          disabled={!shown}
          onClick={exportFieldsPly}
          title="The points kept (by the clip, less hidden stray points), with every field they carry (a distance measured to another layer among them), as binary PLY"
        >
          PLY with fields
        </button>
        <button
          data-testid="export-placed-ply"
          disabled={!placed}
          onClick={exportPlacedPly}
          title={placed ? "As PLY with fields, but where the layer's transform places it (moved by hand, or aligned to another layer)" : 'The layer is where its file puts it: PLY with fields saves it so'}
        >
          PLY as placed
        </button>
      </div>
      <HeldPointsNote what="Exports hold" />
      <StrayNote what="Exports leave out" />
      {!ready && shown && <p className="muted">Labelled PLY and predictions: available once the file is recognised.</p>}
    </div>
  );
}
