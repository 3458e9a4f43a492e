import { describe, expect, it } from 'vitest';
import { changeUpAxis } from '../../../src/core/ml/preprocessObject';
import { recognizeScene, type SceneUpdate } from '../../../src/core/ml/recognizeScene';
import { segmentScene } from '../../../src/core/ml/segmentScene';
import type { Mesh } from '../../../src/core/types';
import { loadScene } from '../../fixtures/seg/scene';
import { entry, fakeRun } from './fakeSegmenter';

describe('recognizeScene', () => {
  const { cloud } = loadScene();
  const P = cloud.positions.length / 3;

  it('streams updates that, applied in order, give exactly the final classes and confidences', async () => {
    const updates: SceneUpdate[] = [];
    const result = await recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z', updateEveryMs: 0, onUpdate: (u) => updates.push(u) });
    const pred = new Int32Array(P).fill(-1);
    const confidence = new Float32Array(P);
    for (const u of updates) {
      expect(u.pred.length).toBe(u.points.length);
      u.points.forEach((p, k) => {
        pred[p] = u.pred[k];
        confidence[p] = u.confidence[k];
      });
    }
    expect(pred).toEqual(result.pred);
    expect(confidence).toEqual(result.confidence);
    expect(updates.at(-1)!.done).toBe(updates.at(-1)!.total);
    // boxes so far ride along a few times, never with the last batch (the result has them)
    const withBoxes = updates.filter((u) => u.boxes);
    expect(withBoxes.length).toBeGreaterThan(0);
    expect(withBoxes.length).toBeLessThanOrEqual(4);
    expect(updates.at(-1)!.boxes).toBeUndefined();
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(P);
    expect(result.upAxis).toBe('z');
  });

  it('gives what the block pipeline gives, with class counts', async () => {
    const direct = await segmentScene(cloud, entry(), fakeRun('BCN'));
    const result = await recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z' });
    expect(result.pred).toEqual(direct.pred);
    expect(result.boxes).toEqual(direct.boxes);
    expect(result.counts).toEqual([0, 1].map((c) => direct.pred.filter((p) => p === c).length));
  });

  it('segments a Y-up copy of the scan the same, with its boxes in the Y-up frame', async () => {
    const zUp = await recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z' });
    const positions = cloud.positions.slice();
    changeUpAxis(positions, 'z', 'y');
    const yUp = await recognizeScene({ ...cloud, positions }, entry(), fakeRun('BCN'), { upAxis: 'y' });
    expect(yUp.pred).toEqual(zUp.pred);
    expect(yUp.boxes.length).toBe(zUp.boxes.length);
    yUp.boxes.forEach((b, i) => {
      const z = zUp.boxes[i];
      expect(b.size[1]).toBeCloseTo(z.size[2], 5);
      expect(b.size[2]).toBeCloseTo(z.size[1], 5);
      expect(b.center[1]).toBeCloseTo(z.center[2], 5);
    });
  });

  it('segments a mesh at its vertices', async () => {
    const mesh: Mesh = { kind: 'mesh', positions: cloud.positions, colors: cloud.colors, indices: Uint32Array.of(0, 1, 2), faceCount: 1, groups: [], fields: {} };
    const result = await recognizeScene(mesh, entry(), fakeRun('BCN'), { upAxis: 'z' });
    expect(result.pred.length).toBe(P);
  });

  it('stops with an AbortError when its signal fires', async () => {
    const abort = new AbortController();
    const run = recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z', updateEveryMs: 0, signal: abort.signal, onUpdate: () => abort.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
