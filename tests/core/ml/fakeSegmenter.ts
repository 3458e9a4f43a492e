// A stand-in scene model for the scene pipeline's tests: the manifest entry of a two-class
// segmenter, and a network whose logits depend on the block ([x from the block centre, 0]), so that
// its merged result can be worked out independently from the blocks.
import { BLOCK_FEATURES } from '../../../src/core/geometry/blocks';
import type { ModelEntry } from '../../../src/core/ml/manifest';

export const N = 2048;
export const entry = (layout: 'BCN' | 'BNC' = 'BCN'): ModelEntry => ({
  id: 'test-seg',
  name: 'test',
  task: 'semantic-segmentation',
  file: 'none.onnx',
  bytes: 1,
  input: {
    points: N,
    features: [...BLOCK_FEATURES],
    layout,
    normalization: 'block',
    upAxis: 'z',
    sampling: 'random',
    block: { size: 1.5, stride: 0.75 },
    inputName: 'points',
    outputName: 'logits',
  },
  classes: [
    { name: 'floor', color: [0, 0, 0] },
    { name: 'chair', color: [255, 0, 0] },
  ],
  metrics: {},
  data: { sources: [], split: 'none' },
});

export function fakeRun(layout: 'BCN' | 'BNC', calls: number[][] = []) {
  return async (input: Float32Array, dims: number[]): Promise<Float32Array> => {
    calls.push(dims);
    const [b, n] = layout === 'BCN' ? [dims[0], dims[2]] : [dims[0], dims[1]];
    const F = BLOCK_FEATURES.length;
    const out = new Float32Array(b * n * 2);
    for (let s = 0; s < b; s++)
      for (let p = 0; p < n; p++) out[(s * n + p) * 2] = layout === 'BCN' ? input[s * F * n + p] : input[(s * n + p) * F];
    return out;
  };
}
