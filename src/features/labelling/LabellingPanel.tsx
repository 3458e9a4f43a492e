import { useMemo } from 'react';
import { formatCount } from '../../core/format';
import type { LabelSource } from '../../core/labelling/startLabels';
import { useAppStore } from '../../state/store';
import { useMaskInputs } from '../../state/shownMask';
import type { SelectTool } from '../../state/slices/labelling';
import {
  chooseClass,
  chooseSelectTool,
  clearSelection,
  exportCorrectedPly,
  exportLabelsJson,
  hiddenSelectedOf,
  labelClasses,
  mergeSelection,
  redoLabelEdit,
  scoreAgainstCorrected,
  setSelectionClass,
  sourcesOf,
  splitSelection,
  startLabelling,
  undoLabelEdit,
} from './labelling';
import './labelling.css';

const SOURCES: [LabelSource, string, string][] = [
  ['prediction', 'Prediction', 'The predicted classes, with the instances the object boxes are made of'],
  ['truth', 'Ground truth', "The file's own label and instance fields"],
  ['empty', 'Nothing', 'Every point unlabelled'],
];

const TOOLS: [SelectTool, string, string][] = [
  ['box', 'Box (X)', 'Drag a rectangle on the view'],
  ['lasso', 'Lasso (L)', 'Draw around the points'],
];

/** Starts the labels from `source`; edits already made are dropped only once the person agrees. */
function startAgain(source: LabelSource, edited: boolean): void {
  if (!edited || window.confirm('Start again? The labels and every edit made to them are dropped.')) startLabelling(source);
}

export function LabellingPanel() {
  const layer = useAppStore((s) => s.layer);
  const labelling = useAppStore((s) => s.labelling);
  const classes = useAppStore(labelClasses);
  const segmentation = useAppStore((s) => s.segmentation);
  const settings = useAppStore((s) => s.settings);
  const offered = sourcesOf({ layer, segmentation, settings });
  const maskInputs = useMaskInputs();
  const data = useAppStore((s) => s.labellingData);
  // counted again whenever the selection or what is shown changes (`selected` changes with the selection)
  const hiddenSelected = useMemo(() => hiddenSelectedOf(maskInputs, data), [maskInputs, data, labelling.selected]);
  if (!layer) return <p className="muted">Open a scan to label it.</p>;
  if (!classes) return <p className="muted">Labels take the scene model's classes, which are still loading.</p>;
  const on = labelling.source !== null;
  return (
    <div className="labelling" data-testid="labelling">
      <div className="button-group" role="group" aria-label="Start from">
        <span className="button-group-name">{on ? 'Start again from' : 'Start from'}</span>
        {SOURCES.map(([id, name, title]) => (
          <button key={id} data-testid={`label-start-${id}`} disabled={!offered[id]} title={title} onClick={() => startAgain(id, labelling.undoName !== null)}>
            {name}
          </button>
        ))}
      </div>
      {on && (
        <>
          <div className="labelling-row">
            {TOOLS.map(([id, name, title]) => (
              <button key={id} data-testid={`label-tool-${id}`} className={labelling.tool === id ? 'active' : undefined} aria-pressed={labelling.tool === id} title={title} onClick={() => chooseSelectTool(labelling.tool === id ? null : id)}>
                {name}
              </button>
            ))}
          </div>
          <p className="muted" data-testid="label-selected" data-selected={labelling.selected}>
            {formatCount(labelling.selected)} points selected
            {hiddenSelected > 0 && <span data-testid="label-selected-hidden">, {formatCount(hiddenSelected)} of them hidden now: an edit leaves those as they are</span>}
            {labelling.tool ? ' · Shift adds, Alt or Ctrl takes away' : ''}
          </p>
          <div className="labelling-row">
            <select data-testid="label-class" value={labelling.classIndex} onChange={(e) => chooseClass(Number(e.target.value))}>
              {classes.map((c, i) => (
                <option key={c.name} value={i}>
                  {c.name.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
            <button data-testid="label-set-class" disabled={!labelling.selected} onClick={() => setSelectionClass()} title="The selected points take this class (Enter)">
              Set class
            </button>
            <button data-testid="label-unlabel" disabled={!labelling.selected} onClick={() => setSelectionClass(-1)} title="The selected points lose their class (Delete)">
              Unlabel
            </button>
          </div>
          <div className="labelling-row">
            <button data-testid="label-merge" disabled={!labelling.selected} onClick={mergeSelection} title="Every instance the selection touches becomes one">
              Merge instances
            </button>
            <button data-testid="label-split" disabled={!labelling.selected} onClick={splitSelection} title="The selected points become an instance of their own">
              New instance
            </button>
            <button data-testid="label-clear" disabled={!labelling.selected} onClick={clearSelection}>
              Deselect
            </button>
          </div>
          <div className="labelling-row">
            <button data-testid="label-undo" disabled={!labelling.undoName} onClick={undoLabelEdit} title="Ctrl+Z">
              Undo{labelling.undoName ? ` ${labelling.undoName}` : ''}
            </button>
            <button data-testid="label-redo" disabled={!labelling.redoName} onClick={redoLabelEdit} title="Ctrl+Shift+Z or Ctrl+Y">
              Redo{labelling.redoName ? ` ${labelling.redoName}` : ''}
            </button>
          </div>
          <p className="muted" data-testid="label-counts" data-instances={labelling.instances} data-unlabelled={labelling.unlabelled}>
            {formatCount(labelling.instances)} instances · {formatCount(labelling.unlabelled)} points unlabelled
          </p>
          <label className="check">
            <input type="checkbox" data-testid="label-as-truth" disabled={segmentation?.status !== 'done'} checked={labelling.useAsTruth} onChange={(e) => scoreAgainstCorrected(e.target.checked)} />
            Score the segmentation against these labels
          </label>
          <div className="labelling-row">
            <button data-testid="label-export-ply" onClick={exportCorrectedPly} title="The points with label (NYU40 id) and instance, as binary PLY; the clip's kept points only">
              Corrected PLY
            </button>
            <button data-testid="label-export-json" onClick={exportLabelsJson} title="Instances with their class, points and box, ScanNet-style JSON">
              Labels JSON
            </button>
          </div>
        </>
      )}
    </div>
  );
}
