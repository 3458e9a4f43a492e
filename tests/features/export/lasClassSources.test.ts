import { describe, expect, it } from 'vitest';
import { defaultLasClassFrom, lasClassSources } from '../../../src/features/export/exportResults';
import type { AppState } from '../../../src/state/store';

/** The state the Export panel reads its LAS class choices from: a layer with `fields`, segmented or not. */
const state = (fields: Record<string, ArrayLike<number>>, segmented: boolean) =>
  ({ layerData: { geometry: { kind: 'points', positions: new Float32Array(0), fields } }, segmentation: segmented ? { status: 'done' } : null }) as unknown as Pick<AppState, 'layerData' | 'segmentation'>;

describe("the Export panel's LAS class choices", () => {
  it('offers the fields of whole numbers (labels, clusters, planes), not measures, and pred once the scene is segmented', () => {
    const fields = { classification: new Uint8Array(2), cluster: new Int32Array(2), distance: new Float32Array(2), gps_time: new Float64Array(2), label: new Uint16Array(2) };
    expect(lasClassSources(state(fields, false))).toEqual(['classification', 'cluster', 'label']);
    expect(lasClassSources(state(fields, true))).toEqual(['classification', 'cluster', 'label', 'pred']);
    expect(lasClassSources({ layerData: null, segmentation: null } as unknown as Pick<AppState, 'layerData' | 'segmentation'>)).toEqual([]);
  });

  it('takes the ground found by default where the layer holds it, else the file\'s own classification', () => {
    expect(defaultLasClassFrom(state({ classification: new Uint8Array(2), cluster: new Int32Array(2), ground: new Uint8Array(2) }, true))).toBe('ground');
    expect(defaultLasClassFrom(state({ classification: new Uint8Array(2), cluster: new Int32Array(2) }, true))).toBe('');
  });
});
