// LASzip's decoder (laz-perf's WASM) in a worker: the bundle serves its WASM file under a name of
// its own, which the module has to be told.
import { createLazPerf, type LazPerf } from 'laz-perf/lib/worker/index.js';
import lazPerfWasm from 'laz-perf/lib/worker/laz-perf.wasm?url';

/** A decoder of its own: its memory grows to the largest file it decodes and is not given back. */
export function newLazPerf(): Promise<LazPerf> {
  return createLazPerf({ locateFile: () => lazPerfWasm });
}
