// The colour mode to go back to when an overlay is switched off: the file's own first mode.
import type { LayerMeta } from '../../state/store';

export function plainColorMode(layer: LayerMeta | null, overlayId: string): string {
  return layer?.colorModes.find((m) => !m.id.endsWith(`:${overlayId}`))?.id ?? 'height';
}
