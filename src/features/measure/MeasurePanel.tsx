import { useMemo } from 'react';
import { MEASURE_TOOLS, MIN_AREA_POINTS, POINTS_NEEDED, type MeasureTool } from '../../core/geometry/measure';
import { floorText, measurementsOf, unitsSaid } from '../../state/measurements';
import { useAppStore } from '../../state/store';
import { chooseTool, clearMeasurements, exportMeasurementsCsv, finishMeasurement, removeMeasurement } from './measure';
import './measure.css';

const TOOL_NAMES: Record<MeasureTool, string> = { distance: 'Distance', height: 'Height', area: 'Area', angle: 'Angle' };

function hint(tool: MeasureTool, picked: number): string {
  if (tool === 'area') {
    return picked < MIN_AREA_POINTS
      ? `Click the corners of the area (${picked} of at least ${MIN_AREA_POINTS}).`
      : `${picked} corners: click more, or Enter (or the first corner) to close it.`;
  }
  if (tool === 'angle') return ['Click a point on the first arm.', 'Click the vertex.', 'Click a point on the second arm.'][picked];
  if (tool === 'height') return 'Click a point: its height above the floor.';
  return `Click ${picked ? 'the second' : 'the first'} of ${POINTS_NEEDED.distance} points.`;
}

export function MeasurePanel() {
  const layer = useAppStore((s) => s.layer);
  const layerData = useAppStore((s) => s.layerData);
  const settings = useAppStore((s) => s.settings);
  const layers = useAppStore((s) => s.layers);
  const measure = useAppStore((s) => s.measure);
  const values = useMemo(() => measurementsOf({ layer, layerData, layers, settings, measure }), [layer, layerData, layers, settings, measure]);
  if (!layer) return <p className="muted">Open a file to measure it.</p>;
  return (
    <div className="measure" data-testid="measure">
      <div className="measure-tools">
        {MEASURE_TOOLS.map((t) => (
          <button
            key={t}
            data-testid={`measure-tool-${t}`}
            className={measure.tool === t ? 'active' : undefined}
            aria-pressed={measure.tool === t}
            onClick={() => chooseTool(measure.tool === t ? null : t)}
          >
            {TOOL_NAMES[t]}
          </button>
        ))}
      </div>
      {measure.tool && (
        <p className="muted" data-testid="measure-hint">
          {hint(measure.tool, measure.current.length)}
          {measure.tool === 'area' && measure.current.length >= MIN_AREA_POINTS && (
            <button className="measure-finish" data-testid="measure-finish" onClick={finishMeasurement}>
              Finish
            </button>
          )}
        </p>
      )}
      {values.length > 0 && (
        <ul className="measure-list">
          {values.map((m) => (
            <li key={m.id ?? 'current'} data-testid="measurement" data-tool={m.tool} data-value={m.value} data-points={m.points.map((p) => p.index).join(',')} className={m.id === null ? 'picking' : undefined}>
              <span className="measure-kind">{TOOL_NAMES[m.tool]}</span>
              <span className="measure-value">{m.text}</span>
              {m.id !== null && (
                <button className="measure-remove" onClick={() => removeMeasurement(m.id!)} aria-label={`Remove this ${m.tool}`} title="Remove">
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted measure-units" data-testid="measure-units">
        {unitsSaid({ layer, layerData, settings })} · floor at {floorText({ layer, layerData, settings })}
      </p>
      {measure.done.length > 0 && (
        <div className="measure-actions">
          <button data-testid="measure-csv" onClick={exportMeasurementsCsv} title="A row a measurement: its kind, value and unit, and its points in the file's own coordinates">
            Export measurements (CSV)
          </button>
          <button data-testid="measure-clear" onClick={clearMeasurements}>
            Clear all
          </button>
        </div>
      )}
    </div>
  );
}
