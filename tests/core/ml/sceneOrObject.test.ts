import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { looksLikeScene, parsedWiderThanModelsKnow, tooWideWords, unknownOrTooWide, widerThanModelsKnow } from '../../../src/core/ml/sceneOrObject';
import { estimateUpAxis } from '../../../src/core/geometry/upAxis';
import type { Mesh } from '../../../src/core/types';
import { denseTub, stlBytes, subdivided } from '../../fixtures/e2e/denseTub';
import { wideSurvey } from '../../fixtures/e2e/wideSurvey';

async function judge(path: string): Promise<boolean> {
  const name = path.split('/').pop()!;
  const r = await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`../../../${path}`, import.meta.url))) }]);
  return looksLikeScene(r.data, computeBounds(r.data.positions), estimateUpAxis(r.data).up);
}

describe('looksLikeScene', () => {
  it('takes a ScanNet room scan for a scene', async () => {
    expect(await judge('samples/scannet/scene0007_00.ply')).toBe(true);
  });
  it('takes an S3DIS room for a scene', async () => {
    expect(await judge('samples/s3dis/Area_6_pantry_1.xyz')).toBe(true);
  });
  it('takes a room reconstructed as a mesh for a scene', async () => {
    const name = 'scene0007_00.ply';
    const scan = (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`../../../samples/scannet/${name}`, import.meta.url))) }])).data;
    const mesh: Mesh = { kind: 'mesh', positions: scan.positions, colors: scan.colors, indices: Uint32Array.of(0, 1, 2, 2, 1, 3), faceCount: 2, groups: [], fields: {} };
    expect(looksLikeScene(mesh, computeBounds(mesh.positions), '+z')).toBe(true);
  });
  it('takes a sparse room for a scene, and a door as tall as a room and a raw ModelNet mesh (units of tens) for objects', async () => {
    const name = 'scene0007_00.ply';
    const scan = (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`../../../samples/scannet/${name}`, import.meta.url))) }])).data;
    const sparse = scan.positions.filter((_, i) => Math.floor(i / 3) % 20 === 0);
    expect(sparse.length / 3).toBe(2500);
    expect(looksLikeScene({ kind: 'points', positions: sparse, fields: {} }, computeBounds(sparse), '+z')).toBe(true);
    const door = Float32Array.from({ length: 15_000 }, (_, i) => ((i * 7919) % 1000) / 1000 * [1, 2.6, 0.05][i % 3]);
    // even read lying on its face, its length along the floor a room's
    expect(looksLikeScene({ kind: 'points', positions: door, fields: {} }, computeBounds(door), '+z')).toBe(false);
    // 3,514 vertices over 37 by 60 by 47 units
    expect(await judge('tests/fixtures/e2e/bathtub_0001.off')).toBe(false);
  });
  it('takes a raw ModelNet mesh wider than a room read in any unit for an object, however many vertices it has, and a room in millimetres for a scene', async () => {
    // 67 units wide, as ModelNet's bathtub_0003 is
    const dense = await denseTub(66.9);
    expect(dense.positions.length / 3).toBe(17_698);
    expect(looksLikeScene(dense, computeBounds(dense.positions), '+z')).toBe(false);
    const room = 'scene0007_00.ply';
    const scan = (await parseFiles([{ name: room, bytes: new Uint8Array(readFileSync(new URL(`../../../samples/scannet/${room}`, import.meta.url))) }])).data;
    const mm = scan.positions.map((v) => v * 1000);
    expect(looksLikeScene({ kind: 'points', positions: mm, fields: {} }, computeBounds(mm), '+z')).toBe(true);
  });

  it("takes a raw ModelNet mesh of a room's size and vertex count for an object where it comes as OFF, a format of models alone, and judges its up as an object's", async () => {
    // 50 units wide: read in metres, a room's size, and 17,698 vertices
    const dense = await denseTub(50);
    const bounds = computeBounds(dense.positions);
    expect(looksLikeScene(dense, bounds, '+z', 'off')).toBe(false);
    // the same mesh in another format is still taken for a room: only the format tells them apart
    expect(looksLikeScene(dense, bounds, '+z', 'ply')).toBe(true);
    expect(estimateUpAxis(dense).subject).toBe('scene');
    const asObject = estimateUpAxis(dense, 0, true);
    expect(asObject.subject).toBe('object');
    expect(asObject.reason).toMatch(/^an object;/);
  });

  it('takes a mesh in millimetres with a room\'s vertex count for an object where it comes as STL, the format of printed and CAD parts', async () => {
    // 810 x 480 x 600 mm: read in centimetres, a hall 6 m high (denseTub scales its vertices, some of which no face uses)
    const tub = subdivided(await denseTub(900), 2);
    const read = await parseFiles([{ name: 'bathtub_mm.stl', bytes: stlBytes(tub) }]);
    expect(read.format).toBe('stl');
    expect(read.data.positions.length / 3).toBe(15_855);
    const bounds = computeBounds(read.data.positions);
    expect(looksLikeScene(read.data, bounds, '+z', read.format)).toBe(false);
    // only the format tells it from a room: as PLY it is still taken for one
    expect(looksLikeScene(read.data, bounds, '+z', 'ply')).toBe(true);
  });

  it('takes a ModelNet cloud and a ShapeNet mesh for objects', async () => {
    expect(await judge('samples/modelnet40/chair_0962.txt')).toBe(false);
    expect(await judge('samples/shapenet/chair-356fc758/model_normalized.obj')).toBe(false);
  });
});

describe('widerThanModelsKnow', () => {
  async function widest(tiles: number, unit: 'm' | 'ft' | 'ftUS', asFormat?: 'ply') {
    const survey = await wideSurvey(tiles, unit);
    const read = await parseFiles([{ name: 'survey.las', bytes: survey.bytes }]);
    const bounds = computeBounds(read.data.positions);
    return { survey, found: widerThanModelsKnow(bounds, { format: asFormat ?? read.format, unit: read.unit }) };
  }

  it('gives the width in metres of a LAS survey wider than any room or object, read in the unit it declares', async () => {
    // 9 x 9 copies of a real ScanNet scan: a building floor 68 m across
    const metres = await widest(9, 'm');
    expect(metres.survey.widestM).toBeGreaterThan(60);
    expect(metres.found).toBeCloseTo(metres.survey.widestM, 2);
    const feet = await widest(9, 'ftUS');
    expect(feet.found).toBeCloseTo(feet.survey.widestM, 2);
    expect(feet.found).toBeCloseTo(metres.found!, 2);
  });

  it('says nothing of a survey under 60 m, though its numbers pass 60 in feet, nor of a room', async () => {
    const feet = await widest(7, 'ft');
    expect(feet.survey.widestM).toBeLessThan(60);
    expect(feet.survey.widestM / 0.3048).toBeGreaterThan(60);
    expect(feet.found).toBeUndefined();
    expect((await widest(1, 'm')).found).toBeUndefined();
  });

  it('gives the width of a SemanticKITTI sweep, in metres as velodyne scans are, and says nothing of the same records without their labels', async () => {
    const { cloud, widestM } = await wideSurvey(9);
    const n = cloud.positions.length / 3;
    // KITTI's velodyne records: x y z intensity, float32
    const records = new Float32Array(4 * n);
    // the return strength as the colour's brightness, 0-1 as KITTI stores it
    for (let i = 0; i < n; i++) records.set([...cloud.positions.subarray(3 * i, 3 * i + 3), (cloud.colors![3 * i] + cloud.colors![3 * i + 1] + cloud.colors![3 * i + 2]) / 765], 4 * i);
    const scan = { name: '000000.bin', bytes: new Uint8Array(records.buffer) };
    const labels = { name: '000000.label', bytes: new Uint8Array(new Uint32Array(n).fill(40).buffer) };
    // four values a point, as a person sets it: copies of one room, tile after tile, are not the order
    // a spinning sensor writes, by which the reader finds the count itself
    const labelled = await parseFiles([scan, labels], { recordValues: 4 });
    expect(Object.keys(labelled.data.fields)).toContain('kitti_label');
    expect(widerThanModelsKnow(computeBounds(labelled.data.positions), { format: labelled.format, unit: labelled.unit, attributes: Object.keys(labelled.data.fields) })).toBeCloseTo(widestM, 2);
    const bare = await parseFiles([scan], { recordValues: 4 });
    expect(widerThanModelsKnow(computeBounds(bare.data.positions), { format: bare.format, unit: bare.unit, attributes: Object.keys(bare.data.fields) })).toBeUndefined();
  });

  it('reads a file as parsed the same way, and makes a scan that wide unknown whatever the open-set score said', async () => {
    const survey = await wideSurvey(9, 'ftUS');
    const read = await parseFiles([{ name: 'survey.las', bytes: survey.bytes }]);
    expect(parsedWiderThanModelsKnow(read)).toBeCloseTo(survey.widestM, 2);
    expect(parsedWiderThanModelsKnow(await parseFiles([{ name: 'room.las', bytes: (await wideSurvey(1)).bytes }]))).toBeUndefined();
    expect(unknownOrTooWide(false, 68)).toBe(true);
    expect(unknownOrTooWide(undefined, 68)).toBe(true);
    expect(unknownOrTooWide(true, undefined)).toBe(true);
    expect(unknownOrTooWide(false, undefined)).toBe(false);
    expect(unknownOrTooWide(undefined, undefined)).toBe(false);
  });

  it('says nothing of a file whose format has no unit: 68 units may be a model in millimetres', async () => {
    expect((await widest(9, 'm', 'ply')).found).toBeUndefined();
    expect(widerThanModelsKnow({ min: [0, 0, 0], max: [500, 20, 20] }, { format: 'copc' })).toBe(500);
    expect(widerThanModelsKnow({ min: [0, 0, 0], max: [500, 20, 20] }, { format: 'xyz' })).toBeUndefined();
  });

  it('says why such a scan is held back in whole metres, with the widest room the models learned', () => {
    expect(tooWideWords(199.8)).toBe('this scan is 200 m across, wider than any room (60 m) or object the models learned from');
  });
});
