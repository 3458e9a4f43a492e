// The measure feature: while a tool is in hand, a click snaps to the nearest point (the viewer's
// picking) and adds it to the measurement being picked, which is finished by its last point (or,
// for an area, by Enter or the panel's Finish). A point may be on any visible layer; the
// measurement goes with the layer active when it was taken (its unit and floor).
import { MIN_AREA_POINTS, POINTS_NEEDED, type MeasureTool } from '../../core/geometry/measure';
import { inFile } from '../../core/io/profileCsv';
import { measureUnit, measurementsCsv } from '../../core/io/measurementsCsv';
import { layerDataOf } from '../../state/layerStack';
import { lengthUnitOf, measurementsOf } from '../../state/measurements';
import { baseName, download } from '../export/exportResults';
import { useAppStore } from '../../state/store';
import type { MeasurePoint } from '../../state/slices/measure';

let nextId = 1;

/** A number no measurement has yet. */
export function newMeasurementId(): number {
  return nextId++;
}

/** Takes up a tool (the measurement in hand is dropped), or puts it down with null. */
export function chooseTool(tool: MeasureTool | null): void {
  const { measure, updateMeasure, profile, updateProfile, notes, updateNotes } = useAppStore.getState();
  // clicks go to one tool: a profile's line being drawn, or a note being pinned, is put down
  if (tool && profile.drawing) updateProfile({ drawing: false, current: [] });
  if (tool && notes.adding) updateNotes({ adding: false, pending: null });
  updateMeasure({ tool, current: [], lastTool: tool ?? measure.lastTool });
}

/** M: the last tool taken up, or down. */
export function toggleMeasuring(): void {
  const { measure } = useAppStore.getState();
  chooseTool(measure.tool ? null : measure.lastTool);
}

function finish(tool: MeasureTool, points: MeasurePoint[]): void {
  const { measure, updateMeasure } = useAppStore.getState();
  updateMeasure({ current: [], done: [...measure.done, { id: newMeasurementId(), tool, points }] });
}

/** Whether clicks go to the measure tool rather than the inspector. */
export function measuring(): boolean {
  return useAppStore.getState().measure.tool !== null;
}

/** Point `index` of layer `layerId`, as the next point of the measurement in hand; a click on nothing (-1) adds nothing. */
export function addMeasurePoint(layerId: string | null, index: number): void {
  const state = useAppStore.getState();
  const { measure, updateMeasure } = state;
  const tool = measure.tool;
  const data = layerId === null ? null : layerDataOf(state, layerId);
  if (!tool || !data || index < 0) return;
  const p = data.geometry.positions;
  const point: MeasurePoint = { layerId: data.id, index, position: [p[index * 3], p[index * 3 + 1], p[index * 3 + 2]] };
  // a click on an area's first point closes it
  const first = measure.current[0];
  if (tool === 'area' && measure.current.length >= MIN_AREA_POINTS && first.layerId === point.layerId && first.index === index) return finish(tool, measure.current);
  const current = [...measure.current, point];
  if (current.length >= POINTS_NEEDED[tool]) finish(tool, current);
  else updateMeasure({ current });
}

/** Enter: closes the area in hand where it has its points. */
export function finishMeasurement(): void {
  const { measure } = useAppStore.getState();
  if (measure.tool === 'area' && measure.current.length >= MIN_AREA_POINTS) finish('area', measure.current);
}

/** Backspace: takes back the last point picked. */
export function undoMeasurePoint(): void {
  const { measure, updateMeasure } = useAppStore.getState();
  updateMeasure({ current: measure.current.slice(0, -1) });
}

export function removeMeasurement(id: number): void {
  const { measure, updateMeasure } = useAppStore.getState();
  updateMeasure({ done: measure.done.filter((m) => m.id !== id) });
}

export function clearMeasurements(): void {
  useAppStore.getState().updateMeasure({ current: [], done: [] });
}

/** Escape: drops the points in hand, or, with none, puts the tool down. */
export function cancelMeasuring(): boolean {
  const { measure, updateMeasure } = useAppStore.getState();
  if (!measure.tool) return false;
  updateMeasure(measure.current.length ? { current: [] } : { tool: null });
  return true;
}

/** The active layer's measurements as CSV, a row each, their points in their files' own coordinates, named after the file. */
export function exportMeasurementsCsv(): void {
  const s = useAppStore.getState();
  if (!s.layer) return;
  const unit = lengthUnitOf(s);
  const originOf = (id: string) => s.layers.find((e) => e.meta.id === id)?.meta.origin;
  const rows = measurementsOf(s)
    .filter((m) => m.id !== null)
    .map((m) => ({ tool: m.tool, value: m.value, unit: measureUnit(m.tool, unit), points: m.points.map((p) => p.position.map((v, k) => inFile(v, originOf(p.layerId)?.[k] ?? 0))) }));
  download(measurementsCsv(rows), 'text/csv', `${baseName(s.layer.fileName)}.measurements.csv`);
}
