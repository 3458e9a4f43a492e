// Measurements kept in the browser, as notes are: each file's under `pointlens.measurements:<name>|<points>`,
// their points in the file's own coordinates, so that opening the same file again brings them back
// on its layer, placed as that layer is now. A measurement joining points of two files is kept with
// neither, as it cannot stand on one of them alone.
import { readMeasurementsJson, writeMeasurementsJson, type MeasurementRecord } from '../../core/geometry/keptPicks';
import { pointInFile } from '../../core/io/shift';
import { connectKeptPerFile } from '../../state/keptPerFile';
import { filePointsOf } from '../../state/savedViews';
import { keptFeaturesOf, keptFeaturesPatch } from '../../state/layerStack';
import type { Measurement } from '../../state/slices/measure';
import type { AppState, LayerMeta } from '../../state/store';
import { newMeasurementId } from './measure';

const KEPT_MEASUREMENTS_PREFIX = 'pointlens.measurements:';

/** The measurements taken on the layers `ids` (all of one file) with every point on them, as kept. */
function recordsOn(state: AppState, ids: ReadonlySet<string>): MeasurementRecord[] {
  const originOf = (id: string) => state.layers.find((e) => e.meta.id === id)?.meta.origin;
  return [...ids]
    .flatMap((id) => keptFeaturesOf(state, id)?.measured ?? [])
    .filter((m) => m.points.every((p) => ids.has(p.layerId)))
    .map((m) => ({ tool: m.tool, points: m.points.map((p) => ({ index: p.index, point: pointInFile(p.position, originOf(p.layerId)) as [number, number, number] })) }));
}

/** `records` as measurements of `layer`, at their coordinates in its file. */
function measurementsOnLayer(records: readonly MeasurementRecord[], layer: Pick<LayerMeta, 'id' | 'origin'>): Measurement[] {
  const origin = layer.origin ?? [0, 0, 0];
  return records.map((m) => ({
    id: newMeasurementId(),
    tool: m.tool,
    points: m.points.map((p) => ({ layerId: layer.id, index: p.index, position: p.point.map((v, k) => v - origin[k]) as [number, number, number] })),
  }));
}

/** Starts keeping the measurements in `storage`; returns a function that stops. */
export function connectKeptMeasurements(storage: Storage = localStorage): () => void {
  return connectKeptPerFile(
    {
      prefix: KEPT_MEASUREMENTS_PREFIX,
      what: 'measurements',
      changed: (state, previous) => state.measure.done !== previous.measure.done || state.parked !== previous.parked,
      write: (state, ids) => {
        const records = recordsOn(state, ids);
        return records.length ? writeMeasurementsJson(records) : null;
      },
      restore: (state, layer, text) => {
        const read = readMeasurementsJson(text, filePointsOf(layer));
        if ('problem' in read) return read.problem;
        const measured = keptFeaturesOf(state, layer.id)?.measured ?? [];
        return keptFeaturesPatch(state, layer.id, { measured: [...measured, ...measurementsOnLayer(read.measurements, layer)] });
      },
    },
    storage,
  );
}
