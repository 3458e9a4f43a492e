// Recognition and a streamed COPC layer: the models read a whole scan (blocks over all of it, a
// sample of all of it), but a streamed layer holds only the octree nodes in view, and other ones
// after every camera move. So recognition waits until the person loads every point, which stops
// the streaming; until then the panels say why and offer that.
import { formatCount } from '../../core/format';
import { formatBytes } from '../../core/io/limits';
import type { LayerMeta } from '../../state/store';

/** Why recognition cannot run on `layer` yet, or null when it can. */
export function streamedNote(layer: LayerMeta | null): string | null {
  const s = layer?.stream;
  if (!layer || !s || s.complete) return null;
  return `This COPC file is streamed: only the octree nodes in view are loaded (${formatCount(layer.points)} of ${formatCount(s.filePoints)} points), and they change as the camera moves. Recognition reads a whole scan: load every point first (${formatBytes(s.fileBytes)} in all).`;
}
