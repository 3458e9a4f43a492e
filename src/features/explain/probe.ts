// Robustness probes of the classified object: pick a change, and the worker gives the curve of the
// top class's probability over the slider's range; moving the slider asks for the prediction at
// its value. While the worker answers one value, later moves wait and only the last is sent.
import { PROBES, probeRange, type ProbeKind } from '../../core/ml/explain/probes';
import type { ProbeView } from '../../state/slices/explain';
import { useAppStore } from '../../state/store';
import { inference } from '../models/inference';
import { classifiedObject } from './explain';

export const PROBE_CURVE_STEPS = 13;

function putProbe(layerId: string, patch: Partial<ProbeView>): void {
  const { explain, setExplain } = useAppStore.getState();
  if (explain?.layerId !== layerId || !explain.probe) return;
  setExplain({ ...explain, probe: { ...explain.probe, ...patch } });
}

/** Chooses a probe: its slider goes back to "unchanged" and its curve is computed. */
export async function chooseProbe(kind: ProbeKind): Promise<void> {
  const { explain, setExplain } = useAppStore.getState();
  const classified = classifiedObject();
  if (!explain || !classified || classified.layerId !== explain.layerId) return;
  const { layerId, object, upAxis } = classified;
  setExplain({ ...explain, probe: { layerId, kind, value: PROBES[kind].none, followed: null, at: null, curve: { status: 'running' } } });
  try {
    const { rpc, models } = await inference();
    const { classIndex, results } = await rpc.call('probe', { object, upAxis, kind, values: probeRange(kind, PROBE_CURVE_STEPS) });
    if (useAppStore.getState().explain?.probe?.kind !== kind) return;
    const followed = models.find((m) => m.task === 'classification')?.classes[classIndex].name ?? String(classIndex);
    putProbe(layerId, {
      followed,
      curve: { status: 'done', points: results.map((r) => ({ value: r.value, probability: r.probability, label: r.top.label })) },
    });
  } catch (error) {
    putProbe(layerId, { curve: { status: 'error', message: `The probe failed: ${error instanceof Error ? error.message : String(error)}` } });
  }
}

let inFlight = false;

/** Moves the slider; the prediction at the newest value follows when the worker is free. */
export async function setProbeValue(value: number): Promise<void> {
  const probe = useAppStore.getState().explain?.probe;
  if (!probe) return;
  putProbe(probe.layerId, { value });
  if (inFlight) return;
  inFlight = true;
  try {
    for (;;) {
      const now = useAppStore.getState().explain?.probe;
      const classified = classifiedObject();
      if (!now || !classified || classified.layerId !== now.layerId || now.at?.value === now.value) return;
      const { rpc } = await inference();
      const asked = now.value;
      const { results } = await rpc.call('probe', { object: classified.object, upAxis: classified.upAxis, kind: now.kind as ProbeKind, values: [asked] });
      const [r] = results;
      if (useAppStore.getState().explain?.probe?.kind !== now.kind) return;
      putProbe(now.layerId, { at: { value: asked, label: r.top.label, probability: r.top.probability, followedProbability: r.probability } });
    }
  } catch (error) {
    putProbe(probe.layerId, { curve: { status: 'error', message: `The probe failed: ${error instanceof Error ? error.message : String(error)}` } });
  } finally {
    inFlight = false;
  }
}
