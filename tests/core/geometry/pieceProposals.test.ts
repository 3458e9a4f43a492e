import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { overSegment } from '../../../src/core/geometry/overSegment';
import { mergedPieces, pieceProposals, type PieceProposalParams, type PointProbabilities } from '../../../src/core/geometry/pieceProposals';
import { scannet20FromNyu40 } from '../../../src/core/ml/scannetLabels';
import { loadScene } from '../../fixtures/seg/scene';

// written by training/pointlens_train/pipelines/seg_fixtures.py from over_segment.py and piece_proposals.py
const fx = JSON.parse(readFileSync(new URL('../../fixtures/seg/pieces_parity.json', import.meta.url), 'utf8')) as {
  params: { k: number; min_cells: number; colour_weight: number; max_difference: number; max_extent: number };
  min_points: number;
  structure: number[];
  piece: number[];
  coloured: { colour_weight: number; pieces: number; sizes: number[] };
  proposals: Array<[number, number, number, number]>;
};
const params: PieceProposalParams = {
  k: fx.params.k,
  minCells: fx.params.min_cells,
  colourWeight: fx.params.colour_weight,
  maxDifference: fx.params.max_difference,
  maxExtent: fx.params.max_extent,
};
const CLASSES = 20;

/** fixture_probabilities of seg_fixtures.py: 0.01 everywhere, +0.5 on the shifted class, +0.3 on the true one */
function fixtureProbabilities(truth: Int32Array): PointProbabilities {
  const rows = new Float64Array(truth.length * CLASSES);
  for (let p = 0; p < truth.length; p++) {
    const shifted = truth[p] < 0 ? 0 : p % 7 === 0 ? (truth[p] + 1) % CLASSES : truth[p];
    for (let c = 0; c < CLASSES; c++) rows[p * CLASSES + c] = 0.2 / CLASSES;
    rows[p * CLASSES + shifted] += 0.5;
    rows[p * CLASSES + (truth[p] >= 0 ? truth[p] : shifted)] += 0.3;
  }
  return {
    classes: CLASSES,
    addTo: (p, into, offset) => {
      for (let c = 0; c < CLASSES; c++) into[offset + c] += rows[p * CLASSES + c];
    },
  };
}

const scene = loadScene();
const truth = scannet20FromNyu40(scene.nyu40);

describe('overSegment', () => {
  it('cuts the real scan into the same pieces as training/', () => {
    const { piece, pieces, touching } = overSegment(scene.cloud.positions, scene.cloud.colors, params);
    let same = 0;
    for (let i = 0; i < piece.length; i++) if (piece[i] === fx.piece[i]) same++;
    expect(pieces).toBe(Math.max(...fx.piece) + 1);
    expect(same).toBe(piece.length);
    // neighbours are distinct pairs of different pieces, in order
    expect(touching.length).toBeGreaterThan(pieces / 2);
    expect(touching.every((t, i) => Math.floor(t / pieces) < t % pieces && (i === 0 || touching[i - 1] < t))).toBe(true);
  });

  it('cuts finer where colour counts too, as training/ does', () => {
    const { piece } = overSegment(scene.cloud.positions, scene.cloud.colors, { ...params, colourWeight: fx.coloured.colour_weight });
    const sizes = new Array<number>(Math.max(...piece) + 1).fill(0);
    for (const s of piece) sizes[s]++;
    expect(sizes).toEqual(fx.coloured.sizes);
    expect(fx.coloured.pieces).toBeGreaterThan(Math.max(...fx.piece) + 1);
  });

  it('gives no pieces for no points', () => {
    expect(overSegment(new Float32Array(0), undefined, params)).toEqual({ piece: new Int32Array(0), pieces: 0, touching: [] });
  });
});

describe('pieceProposals', () => {
  it('grows the same proposals as training/ from the same probabilities', () => {
    const found = pieceProposals(scene.cloud.positions, scene.cloud.colors, fixtureProbabilities(truth), fx.structure, params, fx.min_points);
    const prints = found.map((m) => [m.length, m[0], m[m.length - 1], m.reduce((a, b) => a + b, 0)]);
    expect(prints).toEqual(fx.proposals);
  });

  it('proposes no structure piece and merges within the extent allowed', () => {
    const segmentation = overSegment(scene.cloud.positions, scene.cloud.colors, params);
    const { piece } = segmentation;
    const found = mergedPieces(scene.cloud.positions, segmentation, fixtureProbabilities(truth), fx.structure, params, fx.min_points);
    const pos = scene.cloud.positions;
    for (const m of found) {
      expect(m.length).toBeGreaterThanOrEqual(fx.min_points);
      const lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
      for (const p of m) for (let d = 0; d < 2; d++) {
        lo[d] = Math.min(lo[d], pos[3 * p + d]);
        hi[d] = Math.max(hi[d], pos[3 * p + d]);
      }
      // one piece may be wider than the limit; merges never are
      const pieces = new Set(m.map((p) => piece[p]));
      if (pieces.size > 1) expect(Math.max(hi[0] - lo[0], hi[1] - lo[1])).toBeLessThanOrEqual(params.maxExtent + 1e-6);
    }
    // the walls and floor of the scan are never proposed
    const wallOrFloor = found.filter((m) => m.filter((p) => truth[p] === 0 || truth[p] === 1).length > 0.9 * m.length);
    expect(wallOrFloor.length).toBe(0);
  });
});
