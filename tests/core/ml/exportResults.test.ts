import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLabelField } from '../../../src/core/color/colorModes';
import { parseFiles } from '../../../src/core/io';
import { predictionFields, predictionsJson, type PointPredictions } from '../../../src/core/ml/exportResults';
import { writePly } from '../../../src/core/io/writePly';
import type { Geometry } from '../../../src/core/types';

/** The cloud, or the mesh with its faces, with its predictions, as the Export panel's "Labelled PLY" writes it. */
const labelledPly = (geometry: Geometry, predictions: PointPredictions) => writePly(geometry, predictionFields(geometry, predictions));

async function parse(name: string, path: string): Promise<Geometry> {
  return (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(path, import.meta.url))) }])).data;
}

describe('labelledPly', () => {
  it('writes a ScanNet scan with per-point predictions that read back beside its own fields', async () => {
    const scan = await parse('scene0000_00.ply', '../../fixtures/e2e/scene0000_00.ply');
    const n = scan.positions.length / 3;
    // Any per-point class ids will do for a round trip; the file's instance ids are real ones.
    const pred = Int32Array.from(scan.fields.instance, (v) => v % 20);
    const confidence = Float32Array.from(pred, (v) => v / 20);
    const back = (await parseFiles([{ name: 'out.ply', bytes: labelledPly(scan, { kind: 'scene', pred, confidence }) }])).data;
    expect(back.kind).toBe('points');
    expect(back.positions).toEqual(scan.positions);
    expect(back.colors).toEqual(scan.colors);
    expect(Object.keys(back.fields).sort()).toEqual(['confidence', 'instance', 'label', 'pred']);
    expect([...back.fields.label]).toEqual([...scan.fields.label]);
    expect([...back.fields.instance]).toEqual([...scan.fields.instance]);
    expect(back.fields.pred).toEqual(pred);
    expect(back.fields.confidence).toEqual(confidence);
    expect(back.fields.pred.length).toBe(n);
    // so that a re-imported export offers its predictions as a class colouring
    expect(isLabelField('pred', back.fields.pred)).toBe(true);
    expect(isLabelField('confidence', back.fields.confidence)).toBe(false);
  });

  it('writes a classified mesh with its faces, each vertex with the object class', async () => {
    const mesh = await parse('bathtub_0001.off', '../../fixtures/e2e/bathtub_0001.off');
    const back = (await parseFiles([{ name: 'out.ply', bytes: labelledPly(mesh, { kind: 'object', classIndex: 2, probability: 0.75 }) }])).data;
    expect(back.kind).toBe('mesh');
    if (back.kind !== 'mesh' || mesh.kind !== 'mesh') throw new Error('a mesh in and out');
    expect(back.indices).toEqual(mesh.indices);
    expect(back.positions).toEqual(mesh.positions);
    expect(new Set(back.fields.pred)).toEqual(new Set([2]));
    expect(new Set(back.fields.confidence)).toEqual(new Set([0.75]));
  });

  it('writes an object called unknown as class -1, with its closest class\'s probability', async () => {
    const mesh = await parse('bathtub_0001.off', '../../fixtures/e2e/bathtub_0001.off');
    const back = (await parseFiles([{ name: 'out.ply', bytes: labelledPly(mesh, { kind: 'object', classIndex: 2, probability: 0.75, unknown: true }) }])).data;
    expect(new Set(back.fields.pred)).toEqual(new Set([-1]));
    expect(new Set(back.fields.confidence)).toEqual(new Set([0.75]));
  });

  it('refuses predictions for another number of points', async () => {
    const mesh = await parse('bathtub_0001.off', '../../fixtures/e2e/bathtub_0001.off');
    expect(() => labelledPly(mesh, { kind: 'scene', pred: new Int32Array(3), confidence: new Float32Array(3) })).toThrow(/3 predictions/);
  });
});

describe('predictionsJson', () => {
  const classification = { modelId: 'classifier', backend: 'wasm', upAxis: 'y', top: [{ label: 'chair', index: 4, probability: 0.9 }], uncertain: false, unknown: false, inferenceMs: 8 };

  it('keeps only the results there are, under a format name and version', () => {
    const json = predictionsJson('chair.obj', 1454, { classification });
    expect(json).toEqual({ format: 'pointlens-predictions', version: 1, file: 'chair.obj', points: 1454, classification });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('refuses to export nothing', () => {
    expect(() => predictionsJson('chair.obj', 1454, {})).toThrow(/no predictions/);
  });
});
