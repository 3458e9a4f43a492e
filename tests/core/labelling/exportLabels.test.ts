import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { correctedPly, labelsJson } from '../../../src/core/labelling/exportLabels';
import { labelsFromTruth } from '../../../src/core/labelling/startLabels';
import type { LabelSet } from '../../../src/core/labelling/labelEdits';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

const NAMES = ['wall', 'floor', 'cabinet', 'bed', 'chair', 'sofa', 'table', 'door', 'window', 'bookshelf', 'picture',
  'counter', 'desk', 'curtain', 'refrigerator', 'shower_curtain', 'toilet', 'sink', 'bathtub', 'otherfurniture'];

describe('exporting corrected labels', () => {
  it('writes a PLY whose label and instance fields read back, through the PLY parser, as the same truth', async () => {
    const scan = (await parseFiles([{ name: 'scene0000_00.ply', bytes: new Uint8Array(readFileSync(join(FIXTURES, 'e2e/scene0000_00.ply'))) }])).data;
    const n = scan.positions.length / 3;
    const labels = labelsFromTruth(n, scan.fields);
    // correct a few points: sofas become chairs, one point unlabelled, one a new instance
    let sofas = 0;
    for (let i = 0; i < n; i++) if (labels.classes[i] === 5 && ++sofas) labels.classes[i] = 4;
    expect(sofas).toBeGreaterThan(0);
    labels.classes[0] = -1;
    labels.instances[1] = 999;
    const bytes = correctedPly(scan, labels);
    const back = await parseFiles([{ name: 'corrected.ply', bytes }]);
    expect(back.data.positions).toEqual(scan.positions);
    expect(back.data.colors).toEqual(scan.colors);
    // unlabelled points keep the file's label where it is none of the model's classes, else lose it
    const own = scan.fields.label;
    const truthClasses = labelsFromTruth(n, scan.fields).classes;
    const unlabelled = [...labels.classes.keys()].filter((i) => labels.classes[i] < 0);
    const expected = unlabelled.map((i) => (truthClasses[i] < 0 ? own[i] : 0));
    expect(unlabelled.map((i) => back.data.fields.label[i])).toEqual(expected);
    expect(expected.filter((v) => v > 0).length).toBeGreaterThan(1000);
    const again = labelsFromTruth(n, back.data.fields);
    expect(again.classes).toEqual(labels.classes);
    expect(again.instances).toEqual(labels.instances);
  });

  it('reads a ceiling it wrote back as the ceiling, which ScanNet\'s 20 scored classes leave out', async () => {
    const scan = (await parseFiles([{ name: 'scene0000_00.ply', bytes: new Uint8Array(readFileSync(join(FIXTURES, 'e2e/scene0000_00.ply'))) }])).data;
    const n = scan.positions.length / 3;
    const labels = labelsFromTruth(n, scan.fields);
    // the highest tenth of the scan called ceiling, the index after the segmenter's 20 classes
    const z = Array.from({ length: n }, (_, i) => scan.positions[3 * i + 2]).sort((a, b) => a - b)[Math.floor(0.9 * n)];
    for (let i = 0; i < n; i++) if (scan.positions[3 * i + 2] >= z) labels.classes[i] = NAMES.length;
    const back = await parseFiles([{ name: 'corrected.ply', bytes: correctedPly(scan, labels) }]);
    const ceiling = [...labels.classes.keys()].filter((i) => labels.classes[i] === NAMES.length);
    expect(ceiling.length).toBeGreaterThan(2000);
    expect(new Set(ceiling.map((i) => back.data.fields.label[i]))).toEqual(new Set([22]));
    expect(labelsFromTruth(n, back.data.fields).classes).toEqual(labels.classes);
  });

  it('keeps a mesh\'s faces', async () => {
    const positions = Float32Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0);
    const indices = Uint32Array.of(0, 1, 2);
    const labels: LabelSet = { classes: Int32Array.of(4, 4, 6), instances: Int32Array.of(2, 2, 3) };
    const back = await parseFiles([{ name: 'mesh.ply', bytes: correctedPly({ kind: 'mesh', positions, indices, faceCount: 1, groups: [], fields: {} }, labels) }]);
    expect(back.data.kind).toBe('mesh');
    if (back.data.kind === 'mesh') expect(back.data.indices).toEqual(indices);
    expect([...back.data.fields.label]).toEqual([5, 5, 7]);
    expect([...back.data.fields.instance]).toEqual([2, 2, 3]);
  });

  it("writes the ceiling, which the geometry names after the model's 20 classes, as NYU40's ceiling (22), in the PLY and the instances' JSON", async () => {
    const positions = Float32Array.of(0, 0, 2.7, 1, 0, 2.7, 0, 0, 0);
    const labels: LabelSet = { classes: Int32Array.of(20, 20, 1), instances: Int32Array.of(1, 1, 0) };
    const back = await parseFiles([{ name: 'room.ply', bytes: correctedPly({ kind: 'points', positions, fields: {} }, labels) }]);
    expect([...back.data.fields.label]).toEqual([22, 22, 2]);
    const json = JSON.parse(JSON.stringify(labelsJson('room.ply', positions, labels, [...NAMES, 'ceiling'])));
    expect(json.segGroups).toEqual([expect.objectContaining({ id: 1, label: 'ceiling', nyu40id: 22 })]);
  });

  it('refuses labels that do not match the points', () => {
    const labels: LabelSet = { classes: Int32Array.of(1), instances: Int32Array.of(0) };
    expect(() => correctedPly({ kind: 'points', positions: new Float32Array(6), fields: {} }, labels)).toThrow(/1 labels for 2 points/);
  });

  it('lists each instance with its majority class, its points and its box in a JSON that parses back', () => {
    const positions = Float32Array.of(0, 0, 0, 1, 2, 3, 0.5, 0.5, 0.5, 9, 9, 9, 4, 4, 4);
    const labels: LabelSet = { classes: Int32Array.of(4, 4, 6, 1, -1), instances: Int32Array.of(7, 7, 7, 0, 2) };
    const json = JSON.parse(JSON.stringify(labelsJson('room.ply', positions, labels, NAMES)));
    expect(json.points).toBe(5);
    expect(json.unlabelled).toBe(1);
    expect(json.classCounts[4]).toBe(2);
    expect(json.classCounts[1]).toBe(1);
    expect(json.segGroups.map((g: { id: number }) => g.id)).toEqual([2, 7]);
    const chair = json.segGroups[1];
    expect(chair).toMatchObject({ id: 7, classIndex: 4, label: 'chair', nyu40id: 5, points: [0, 1, 2] });
    expect(chair.aabb.center).toEqual([0.5, 1, 1.5]);
    expect(chair.aabb.size).toEqual([1, 2, 3]);
    expect(json.segGroups[0]).toMatchObject({ classIndex: -1, label: 'unlabelled', nyu40id: 0, points: [4] });
  });

  it("writes a scan kept relative to an origin back in the file's coordinates: the PLY's points and the JSON's boxes", async () => {
    const positions = Float32Array.of(0, 0, 0, 1, 2, 3, 0.5, 0.5, 0.5);
    const labels: LabelSet = { classes: Int32Array.of(4, 4, 4), instances: Int32Array.of(7, 7, 7) };
    const origin: [number, number, number] = [512345, 4123456, 118];
    const json = labelsJson('room.las', positions, labels, NAMES, origin);
    expect(json.segGroups[0].aabb.center).toEqual([512345.5, 4123457, 119.5]);
    expect(json.segGroups[0].aabb.size).toEqual([1, 2, 3]);
    const back = await parseFiles([{ name: 'room.ply', bytes: correctedPly({ kind: 'points', positions, fields: {} }, labels, { origin }) }]);
    expect(back.origin).toEqual(origin);
    expect(Array.from(back.data.positions)).toEqual(Array.from(positions));
  });
});
