import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber } from '../../core/format';
import { GROUND_FIELD } from '../../core/geometry/ground';
import { useAppStore } from '../../state/store';
import { HeldPointsNote } from '../detail/HeldPointsNote';
import { StrayNote } from '../stray/StrayNote';
import { canExport, defaultLasClassFrom, exportPredictionsJson, fieldsPlyJob, isPlaced, labelledPlyJob, lasClassSources, lasJob, placedPlyJob } from './exportResults';
import { cancelExport, isExporting, runExport } from './exportRun';

export function ExportPanel() {
  const busy = useAppStore(isExporting);
  const ready = useAppStore(canExport);
  const shown = useAppStore((s) => s.layer !== null);
  const placed = useAppStore(isPlaced);
  const classSources = useAppStore(useShallow(lasClassSources));
  const hasClassification = useAppStore((s) => s.layerData?.geometry.fields.classification !== undefined);
  const byDefault = useAppStore(defaultLasClassFrom);
  const layerId = useAppStore((s) => s.layer?.id);
  // the person's choice of the LAS classes' field, for the layer it was made on
  const [choice, setChoice] = useState<{ layerId: string | undefined; field: string } | null>(null);
  // the last file written: while it is, and after, what it said, shown while its layer is
  const run = useAppStore((s) => s.exportRun);
  const lasNotes = run?.status === 'done' && run.layerId === layerId ? run.notes : [];
  const failed = run?.status === 'error' && run.layerId === layerId ? run : null;
  // a field chosen for an earlier layer, or a segmentation since undone, is no choice now
  const chosen = choice && choice.layerId === layerId && (choice.field === '' || (classSources.includes(choice.field) && choice.field !== 'classification')) ? choice.field : undefined;
  return (
    <div className="export-panel">
      <div className="row">
        <button data-testid="export-ply" disabled={!ready || busy} onClick={() => runExport(labelledPlyJob)} title="The points with their predicted class (pred) and confidence, as binary PLY">
          Labelled PLY
        </button>
        <button data-testid="export-json" disabled={!ready} onClick={exportPredictionsJson} title="Top-5 classes or class counts, metrics and boxes, as JSON">
          Predictions JSON
        </button>
        <button
          data-testid="export-fields-ply"
          disabled={!shown || busy}
          onClick={() => runExport(fieldsPlyJob)}
          title="The points kept (by the clip, less hidden stray points), with every field they carry (a distance measured to another layer among them), as binary PLY"
        >
          PLY with fields
        </button>
        <button
          data-testid="export-las"
          disabled={!shown || busy}
          onClick={() => runExport(() => lasJob(chosen, 'las'))}
          title="As PLY with fields, as LAS 1.4 for GIS and CAD tools: coordinates in millimetre steps of the file's unit, its coordinate system, the classes below, every other field as an extra dimension"
        >
          LAS
        </button>
        <button
          data-testid="export-laz"
          disabled={!shown || busy}
          onClick={() => runExport(() => lasJob(chosen, 'laz'))}
          title="As LAS, compressed as LASzip compresses it (LAZ): the same points, fields and classes in a fraction of the bytes"
        >
          LAZ
        </button>
        <button
          data-testid="export-placed-ply"
          disabled={!placed || busy}
          onClick={() => runExport(placedPlyJob)}
          title={placed ? "As PLY with fields, but where the layer's transform places it (moved by hand, or aligned to another layer)" : 'The layer is where its file puts it: PLY with fields saves it so'}
        >
          PLY as placed
        </button>
      </div>
      {run?.status === 'running' && (
        <p className="muted" data-testid="export-running" title="Written in the background: the view keeps working meanwhile; one file at a time">
          Saving {run.name}… {run.stage && `${run.stage}, `}
          {formatNumber(run.progress * 100, 0)}% <progress max={1} value={run.progress} />{' '}
          <button data-testid="export-cancel" onClick={cancelExport}>
            Cancel
          </button>
        </p>
      )}
      {failed && (
        <p className="muted" data-testid="export-failure">
          {failed.name} not saved: {failed.message}
        </p>
      )}
      {shown && (
        <label className="row" title="LAS points hold a class from 0 to 255: a label field's other values (-1 for none) are class 0, and the field is kept whole beside it">
          LAS classes from
          <select data-testid="export-las-classes" value={chosen ?? byDefault} onChange={(e) => setChoice({ layerId, field: e.target.value })}>
            <option value="">{hasClassification ? "the file's classification" : 'none (class 0)'}</option>
            {classSources
              .filter((name) => name !== 'classification')
              .map((name) => (
                <option key={name} value={name}>
                  {name === 'pred' ? 'pred (segmentation)' : name === GROUND_FIELD ? 'ground (the ground found)' : name}
                </option>
              ))}
          </select>
        </label>
      )}
      {lasNotes.map((note) => (
        <p key={note} className="muted" data-testid="export-las-note">
          LAS: {note}
        </p>
      ))}
      <HeldPointsNote what="Exports hold" />
      <StrayNote what="Exports leave out" />
      {!ready && shown && <p className="muted">Labelled PLY and predictions: available once the file is recognised.</p>}
    </div>
  );
}
