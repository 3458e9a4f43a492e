// The real scan the COPC tests write out: ScanNet scene0000_00, the 25,000-point fixture of the
// end-to-end tests (xyz + rgb), read with the app's own PLY reader.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePly } from '../../../src/core/io/ply';
import { writeCopc, type CopcOptions, type WrittenCopc } from '../../../scripts/laz/writeCopc';

export const SCAN_PLY = fileURLToPath(new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url));

export function scanSource(): { positions: Float32Array; colors: Uint8Array } {
  const { data } = parsePly(new Uint8Array(readFileSync(SCAN_PLY)));
  if (data.kind !== 'points' || !data.colors) throw new Error('the ScanNet fixture lost its colours');
  return { positions: data.positions, colors: data.colors };
}

export function writeScanCopc(options?: CopcOptions): WrittenCopc {
  return writeCopc(scanSource(), options);
}
