// How each layer is placed in the scene as it is drawn, read from the store: its transform, its
// box, the up axis it stands on (the active layer's is the View panel's) and its origin, and the
// origin the whole view is drawn about.
import type { Placement } from '../core/layers/placement';
import { sceneOrigin, type Origin } from '../core/io/shift';
import { layerSettings } from './layerStack';
import type { AppState } from './store';

/** The origin the view is drawn about: the first layer's that has one, in the scene's frame (io/shift's sceneOrigin). */
export function viewOrigin(s: Parameters<typeof layerSettings>[0]): Origin | undefined {
  const first = s.layers.find((e) => e.meta.origin);
  return first && sceneOrigin(first.meta.origin, layerSettings(s, first.meta.id).upAxis);
}

/** Layer `id`'s placement as it is drawn, or null where it is gone. */
export function placementOf(s: Pick<AppState, 'layer' | 'layers' | 'settings'>, id: string): Placement | null {
  const entry = s.layers.find((e) => e.meta.id === id);
  if (!entry) return null;
  return { transform: entry.transform, bounds: entry.meta.bounds, up: layerSettings(s, id).upAxis, origin: entry.meta.origin };
}
