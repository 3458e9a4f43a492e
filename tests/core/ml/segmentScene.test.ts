import { describe, expect, it } from 'vitest';
import { BLOCK_FEATURES, blockCentre, blockMembers, buildBlocks, chunkIndices } from '../../../src/core/geometry/blocks';
import { localShape } from '../../../src/core/geometry/localShape';
import { segmentScene } from '../../../src/core/ml/segmentScene';
import { loadScene } from '../../fixtures/seg/scene';
import { entry, fakeRun, N } from './fakeSegmenter';

describe('segmentScene', () => {
  const { cloud } = loadScene();
  const P = cloud.positions.length / 3;

  it('feeds each point its local shape where the model takes it, and only the first nine features where not', async () => {
    const seen: { input: Float32Array; dims: number[] }[] = [];
    const record = async (input: Float32Array, dims: number[]) => {
      seen.push({ input: input.slice(0, dims[1] * dims[2]), dims });
      return new Float32Array(dims[0] * dims[2] * 2);
    };
    await segmentScene(cloud, entry(), record, { batch: 1 });
    const blocks = buildBlocks(cloud.positions, { size: 1.5, stride: 0.75 });
    const shape = localShape(cloud.positions, blocks.room.lo);
    const idx = chunkIndices(blockMembers(blocks, 0), blocks.ids[0], N, 0);
    const { input, dims } = seen[0];
    expect(dims).toEqual([1, 12, N]);
    for (let n = 0; n < N; n += 97) {
      for (let f = 0; f < 3; f++) expect(input[(9 + f) * N + n]).toBe(shape[3 * idx[n] + f]);
    }
    const nine = { ...entry(), input: { ...entry().input, features: BLOCK_FEATURES.slice(0, 9) } };
    seen.length = 0;
    await segmentScene(cloud, nine, record, { batch: 1 });
    expect(seen.every(({ dims: d }) => d[1] === 9)).toBe(true);
    const wrong = { ...entry(), input: { ...entry().input, features: ['x', 'y', 'z', 'vertical'] } };
    await expect(segmentScene(cloud, wrong, record)).rejects.toThrow(/wants features/);
  });

  it('averages the probabilities of every block a point is in', async () => {
    const progress: number[][] = [];
    const calls: number[][] = [];
    const result = await segmentScene(cloud, entry(), fakeRun('BCN', calls), { onProgress: (d, t) => progress.push([d, t]) });

    const blocks = buildBlocks(cloud.positions, { size: 1.5, stride: 0.75 });
    const sum = new Float64Array(P);
    const votes = new Float64Array(P);
    for (let k = 0; k < blocks.ids.length; k++) {
      const [cx] = blockCentre(blocks, k);
      for (const p of chunkIndices(blockMembers(blocks, k), blocks.ids[k], N, 0)) {
        sum[p] += 1 / (1 + Math.exp(-(cloud.positions[3 * p] - cx))); // softmax([d, 0])[0]
        votes[p]++;
      }
    }
    let worst = 0;
    let worstRow = 0;
    for (let p = 0; p < P; p++) {
      const p0 = sum[p] / votes[p];
      expect(result.pred[p]).toBe(p0 >= 0.5 ? 0 : 1);
      worst = Math.max(worst, Math.abs(result.confidence[p] - Math.max(p0, 1 - p0)));
      // each point's averaged probabilities, which piece proposals grow from
      const row = new Float64Array(2);
      result.probabilities.addTo(p, row, 0);
      worstRow = Math.max(worstRow, Math.abs(row[0] - p0), Math.abs(row[1] - (1 - p0)));
    }
    expect(worst).toBeLessThan(1e-5);
    expect(worstRow).toBeLessThan(1e-5);
    expect(result.probabilities.classes).toBe(2);

    expect(result.blocks).toBe(blocks.ids.length);
    expect(calls.every((d) => d[0] <= 16 && d[1] === BLOCK_FEATURES.length && d[2] === N)).toBe(true);
    expect(calls.reduce((a, d) => a + d[0], 0)).toBe(result.samples);
    expect(progress.at(-1)).toEqual([result.samples, result.samples]);
    expect(progress.every(([d], i) => i === 0 || d > progress[i - 1][0])).toBe(true);
  });

  it('gives the same result for BNC inputs, and hands out partial results that end in the final one', async () => {
    const bcn = await segmentScene(cloud, entry('BCN'), fakeRun('BCN'), { batch: 7 });
    const seen = new Uint8Array(P);
    let last: Int32Array | undefined;
    const bnc = await segmentScene(cloud, entry('BNC'), fakeRun('BNC'), {
      batch: 7,
      onPartial: (part) => {
        for (const p of part.changed) seen[p] = 1;
        last = part.pred;
      },
    });
    expect(Array.from(bnc.pred)).toEqual(Array.from(bcn.pred));
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(last).toBe(bnc.pred);
  });

  it('takes a graph\'s own probabilities as they are, with the result of the softmax it would otherwise apply', async () => {
    const logits = await segmentScene(cloud, entry(), fakeRun('BCN'));
    const run = fakeRun('BCN');
    const softmaxed = async (input: Float32Array, dims: number[]) => {
      const out = await run(input, dims);
      for (let i = 0; i < out.length; i += 2) {
        const e = Math.exp(out[i + 1] - out[i]);
        [out[i], out[i + 1]] = [1 / (1 + e), e / (1 + e)];
      }
      return out;
    };
    const base = entry();
    const probabilities = await segmentScene(cloud, { ...base, output: { name: 'probabilities', layout: 'BNC', shape: ['batch', N, 2], values: 'probabilities' } }, softmaxed);
    expect(Array.from(probabilities.pred)).toEqual(Array.from(logits.pred));
    let worst = 0;
    probabilities.confidence.forEach((c, p) => (worst = Math.max(worst, Math.abs(c - logits.confidence[p]))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('hands out partial results no more often than asked, the last one when the scene is done', async () => {
    const parts: number[] = [];
    const seen = new Uint8Array(P);
    const result = await segmentScene(cloud, entry(), fakeRun('BCN'), {
      batch: 3,
      partialEveryMs: 60_000,
      onPartial: (part) => {
        parts.push(part.done);
        for (const p of part.changed) seen[p] = 1;
      },
    });
    expect(parts).toEqual([result.samples]);
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('hands out each point once, when its class and confidence are final', async () => {
    const times = new Uint8Array(P);
    const handed = new Int32Array(P).fill(-1);
    const handedConfidence = new Float32Array(P);
    let parts = 0;
    const result = await segmentScene(cloud, entry(), fakeRun('BCN'), {
      batch: 3,
      partialEveryMs: 0,
      onPartial: (part) => {
        parts++;
        for (const p of part.changed) {
          times[p]++;
          handed[p] = part.pred[p];
          handedConfidence[p] = part.confidence[p];
        }
      },
    });
    expect(parts).toBeGreaterThan(2);
    expect(times.every((t) => t === 1)).toBe(true);
    expect(handed).toEqual(result.pred);
    expect(handedConfidence).toEqual(result.confidence);
  });

  it('stops when cancelled', async () => {
    const ctrl = new AbortController();
    let runs = 0;
    const run = fakeRun('BCN');
    const pending = segmentScene(cloud, entry(), async (x, d) => {
      if (++runs === 3) ctrl.abort();
      return run(x, d);
    }, { signal: ctrl.signal });
    await expect(pending).rejects.toThrow(/abort/i);
    expect(runs).toBe(3);
  });

  it('runs copies of a point once, and gives every copy the prediction of its original', async () => {
    // every point of the scene three times over, interleaved: the network sees the scene's samples only
    const copies = new Float32Array(P * 9);
    const colors = new Uint8Array(P * 9);
    for (let r = 0; r < 3; r++) {
      for (let p = 0; p < P; p++) {
        copies.set(cloud.positions.subarray(3 * p, 3 * p + 3), 3 * (p * 3 + r));
        colors.set(cloud.colors!.subarray(3 * p, 3 * p + 3), 3 * (p * 3 + r));
      }
    }
    const once = await segmentScene(cloud, entry(), fakeRun('BCN'));
    const thrice = await segmentScene({ ...cloud, positions: copies, colors }, entry(), fakeRun('BCN'));
    expect(thrice.samples).toBe(once.samples);
    const original = (p: number) => Math.floor(p / 3);
    expect(Array.from(thrice.pred)).toEqual(Array.from(thrice.pred, (_, p) => once.pred[original(p)]));
    expect(Array.from(thrice.confidence)).toEqual(Array.from(thrice.confidence, (_, p) => once.confidence[original(p)]));
  });

  it('refuses a model whose features it cannot build', async () => {
    const e = entry();
    e.input.features = ['x', 'y', 'z'];
    await expect(segmentScene(cloud, e, fakeRun('BCN'))).rejects.toThrow(/features/);
  });
});
