// The layers feature's actions: how each layer is drawn (visible, colour mode, transform), which
// one is active, and taking one away. The active layer's colour mode is the View panel's, so that
// the legend, the overlay key and the export all read the one setting.
import { checkTransform, type LayerTransform } from '../../core/layers/transform';
import { measurementCount } from '../../state/layerStack';
import { useAppStore } from '../../state/store';
import { notesRemovedWith } from '../notes/notes';

export function setLayerColorMode(id: string, colorMode: string): void {
  const s = useAppStore.getState();
  if (s.layer?.id === id) s.updateSettings({ colorMode });
  else s.updateLayer(id, { colorMode });
}

export function setLayerVisible(id: string, visible: boolean): void {
  const s = useAppStore.getState();
  s.updateLayer(id, { visible });
  // a point of a hidden layer is no longer there to be marked or inspected
  if (!visible && s.pick?.layerId === id) s.setPick(null);
}

/** Moves layer `id`; a transform that is not one (a scale of 0, a value that is no number) is refused with the reason. */
export function setLayerTransform(id: string, transform: LayerTransform): string | null {
  const problem = checkTransform(transform);
  if (!problem) useAppStore.getState().updateLayer(id, { transform });
  return problem;
}

export function activateLayer(id: string): void {
  useAppStore.getState().activateLayer(id);
}

/** Takes layer `id` away; the measurements that go with it (those with a point on it, or listed with it) and its notes are counted in the notice. */
export function removeLayer(id: string): void {
  const s = useAppStore.getState();
  const fileName = s.layers.find((e) => e.meta.id === id)?.meta.fileName;
  const before = measurementCount(s);
  const picking = s.measure.current.length > 0;
  const notes = s.notes.notes.filter((n) => n.layerId === id).length;
  s.removeLayer(id);
  const after = useAppStore.getState();
  const gone = before - measurementCount(after);
  const pickingGone = picking && after.measure.current.length === 0;
  const said = [...(gone > 0 || pickingGone ? [removedMeasurements(fileName ?? 'the layer', gone, pickingGone)] : []), ...(notes ? [notesRemovedWith(fileName ?? 'the layer', notes)] : [])];
  if (said.length) after.showNotice(said.join(' '));
}

function removedMeasurements(fileName: string, count: number, picking: boolean): string {
  if (!count) return `The measurement being picked was removed with ${fileName}.`;
  const finished = `${count} ${count === 1 ? 'measurement' : 'measurements'} on ${fileName} ${count === 1 ? 'was' : 'were'} removed with it`;
  return `${finished}${picking ? ', and the one being picked' : ''}.`;
}
