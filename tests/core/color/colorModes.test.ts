import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  colorModesFor,
  initialColorMode,
  isLabelField,
  resolveColorMode,
  visibleMask,
  type ColorMode,
  type ColorSettings,
  type ColorSource,
} from '../../../src/core/color/colorModes';
import { parseFiles } from '../../../src/core/io';
import { sampleColorMap } from '../../../src/core/color/colorMaps';
import type { Mesh, PointCloud } from '../../../src/core/types';
import { lasFile } from '../io/helpers';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/e2e');
const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) });
const SETTINGS: ColorSettings = { colorMap: 'viridis', uniformColor: [200, 100, 50], upAxis: '+z' };

async function scene(): Promise<ColorSource> {
  const g = (await parseFiles([read('scene0000_00.ply')])).data as PointCloud;
  return { positions: g.positions, colors: g.colors, normals: g.normals, fields: g.fields, overlays: [] };
}

async function chair(): Promise<ColorSource> {
  const g = (await parseFiles([read('model_normalized.obj'), read('model_normalized.mtl')])).data as Mesh;
  return { positions: g.positions, normals: g.normals, fields: g.fields, overlays: [], mesh: { indices: g.indices, groups: g.groups } };
}

const find = (src: ColorSource, id: string): ColorMode | undefined => colorModesFor(src).find((m) => m.id === id);

describe('colour modes', () => {
  it('offer what a ScanNet scan carries', async () => {
    const src = await scene();
    const ids = colorModesFor(src).map((m) => m.id);
    expect(ids).toEqual(['rgb', 'height', 'uniform', 'field:label', 'field:instance']);
    expect(initialColorMode(src)).toBe('rgb');
  });

  it('draw a label field through the classes its file names, and open on it', async () => {
    const src = await scene();
    const named: ColorSource = { ...src, fieldClasses: { label: [{ id: 1, name: 'wall', color: [10, 20, 30] }, { id: 2, name: 'floor', color: [40, 50, 60] }] } };
    expect(initialColorMode(named)).toBe('field:label');
    const mode = find(named, 'field:label')!;
    expect(mode.label).toBe('label (classes the file names)');
    const legend = mode.legend(named, SETTINGS);
    if (legend?.kind !== 'labels') throw new Error('no label legend');
    expect(legend.entries.find((e) => e.id === 1)).toMatchObject({ name: 'wall', color: [10, 20, 30] });
    const out = new Float32Array(src.positions.length);
    mode.paint(named, SETTINGS, out);
    const wall = [...src.fields.label].indexOf(1);
    expect([out[3 * wall], out[3 * wall + 1], out[3 * wall + 2]].map((v) => Math.round(v * 255))).toEqual([10, 20, 30]);
    // classes named for a field the file does not have change nothing
    expect(initialColorMode({ ...src, fieldClasses: { pred: [] } })).toBe('rgb');
  });

  it('paint file colours as they are', async () => {
    const src = await scene();
    const out = new Float32Array(src.positions.length);
    const rgb = find(src, 'rgb')!;
    rgb.paint(src, SETTINGS, out);
    expect(rgb.legend(src, SETTINGS)).toBeNull();
    expect(out[300]).toBeCloseTo(src.colors![300] / 255, 6);
  });

  it('paint height along the chosen up axis, lowest first in the map', async () => {
    const src = await scene();
    const out = new Float32Array(src.positions.length);
    const height = find(src, 'height')!;
    height.paint(src, SETTINGS, out);
    const legend = height.legend(src, SETTINGS);
    expect(legend).toMatchObject({ kind: 'scale', colorMap: 'viridis' });
    if (legend?.kind !== 'scale') throw new Error('no scale');
    let lowest = 0;
    for (let i = 0; i < src.positions.length / 3; i++) if (src.positions[i * 3 + 2] < src.positions[lowest * 3 + 2]) lowest = i;
    expect(legend.min).toBe(src.positions[lowest * 3 + 2]);
    expect(out[lowest * 3] * 255).toBeCloseTo(0x44, 0);
  });

  it('spread height over a chosen range: values past its ends take the end colours, and the legend gives both ranges', async () => {
    const src = await scene();
    const height = find(src, 'height')!;
    const full = height.legend(src, SETTINGS);
    if (full?.kind !== 'scale') throw new Error('no scale');
    const mid = (full.min + full.max) / 2;
    const chosen: ColorSettings = { ...SETTINGS, range: [mid - 0.2, mid + 0.2] };
    expect(height.legend(src, chosen)).toMatchObject({ min: mid - 0.2, max: mid + 0.2, full: { min: full.min, max: full.max } });
    const out = new Float32Array(src.positions.length);
    height.paint(src, chosen, out);
    const bottom = [0, 0, 0];
    const top = [0, 0, 0];
    sampleColorMap('viridis', 0, bottom);
    sampleColorMap('viridis', 1, top);
    for (let i = 0; i < src.positions.length / 3; i++) {
      const z = src.positions[3 * i + 2];
      const rgb = Array.from(out.subarray(3 * i, 3 * i + 3));
      if (z <= mid - 0.2) expect(rgb).toEqual(bottom.map(Math.fround));
      else if (z >= mid + 0.2) expect(rgb).toEqual(top.map(Math.fround));
    }
  });

  it('draw a point with no value in a scale field grey, not as the low end of the map, and leave it out of the range', () => {
    const positions = new Float32Array(3 * 4);
    const src: ColorSource = { positions, fields: { offset_x: new Float32Array([-1, NaN, 1, 0]) }, overlays: [] };
    const mode = find(src, 'field:offset_x')!;
    const out = new Float32Array(12);
    mode.paint(src, SETTINGS, out);
    const bottom = [0, 0, 0];
    sampleColorMap('viridis', 0, bottom);
    expect(Array.from(out.subarray(0, 3))).toEqual(bottom.map(Math.fround));
    expect(Array.from(out.subarray(3, 6))).toEqual([90 / 255, 94 / 255, 102 / 255].map(Math.fround));
    expect(mode.legend(src, SETTINGS)).toMatchObject({ full: { min: -1, max: 1 } });
  });

  it("give a scale's quantiles in the legend's units, downwards along a -z up", async () => {
    const src = await scene();
    const height = find(src, 'height')!;
    const z = Array.from({ length: src.positions.length / 3 }, (_, i) => src.positions[3 * i + 2]).sort((a, b) => a - b);
    const at = (f: number) => z[Math.round(f * (z.length - 1))];
    expect(height.quantiles!(src, SETTINGS, [0, 0.02, 0.5, 0.98, 1])).toEqual([0, 0.02, 0.5, 0.98, 1].map(at));
    // along -z the values are read downwards: their quantiles are the negated upper ones
    expect(height.quantiles!(src, { ...SETTINGS, upAxis: '-z' }, [0.02, 0.98])).toEqual([-at(0.98), -at(0.02)]);
    const down = height.legend(src, { ...SETTINGS, upAxis: '-z', range: [-at(0.98), -at(0.02)] });
    expect(down).toMatchObject({ min: -at(0.98), max: -at(0.02), full: { min: -z.at(-1)!, max: -z[0] } });
    expect(find(src, 'field:label')!.quantiles).toBeUndefined();
  });

  it("give heights in the file's coordinates where the positions are kept relative to an origin, and paint them as they are painted without it", async () => {
    const src = await scene();
    const far: ColorSource = { ...src, origin: [512345, 4123456, 118] };
    const height = find(far, 'height')!;
    for (const upAxis of ['+z', '-z'] as const) {
      const settings = { ...SETTINGS, upAxis };
      const near = height.legend(src, settings);
      const file = height.legend(far, settings);
      if (near?.kind !== 'scale' || file?.kind !== 'scale') throw new Error('no scale');
      // along -z the file's heights are read downwards too
      const d = upAxis === '+z' ? 118 : -118;
      expect([file.full.min, file.full.max]).toEqual([near.full.min + d, near.full.max + d]);
      expect(height.quantiles!(far, settings, [0.02, 0.98])).toEqual(height.quantiles!(src, settings, [0.02, 0.98]).map((v) => v + d));
      const [a, b] = [near.full.min * 0.7 + near.full.max * 0.3, near.full.min * 0.3 + near.full.max * 0.7];
      const painted = (source: ColorSource, range?: [number, number]) => {
        const out = new Float32Array(source.positions.length);
        height.paint(source, { ...settings, range }, out);
        return out;
      };
      expect(painted(far)).toEqual(painted(src));
      // a range typed in the file's heights paints as the same range near zero
      const chosen = painted(far, [a + d, b + d]);
      const plain = painted(src, [a, b]);
      expect(chosen.every((v, i) => Math.abs(v - plain[i]) < 1e-5)).toBe(true);
    }
  });

  it('paint label fields through a table with per-label counts', async () => {
    const src = await scene();
    const out = new Float32Array(src.positions.length);
    const mode = find(src, 'field:label')!;
    mode.paint(src, SETTINGS, out);
    const legend = mode.legend(src, SETTINGS);
    if (legend?.kind !== 'labels') throw new Error('no label legend');
    const labels = src.fields.label;
    expect(legend.entries.reduce((n, e) => n + e.count, 0)).toBe(labels.length);
    expect(legend.entries.find((e) => e.id === labels[0])!.count).toBe(labels.filter((v) => v === labels[0]).length);
    const entry = legend.entries.find((e) => e.id === labels[10])!;
    expect([out[30], out[31], out[32]].map((v) => Math.round(v * 255))).toEqual(entry.color);
  });

  it("name a LAS file's classes as the ASPRS standard does, in their usual colours; a user-defined class as one, by its number", async () => {
    const scan = await scene();
    const n = scan.positions.length / 3;
    // a classified LAS 1.4 tile of the scan: ground, buildings, water and one user-defined class (64-255)
    const classes = [2, 6, 9, 64];
    const label = Int32Array.from({ length: n }, (_, i) => classes[i % 4]);
    const bytes = lasFile({ kind: 'points', positions: scan.positions, colors: scan.colors, fields: { label, instance: new Int32Array(n) } }, { minor: 4, format: 7 });
    const g = (await parseFiles([{ name: 'tile.las', bytes }])).data as PointCloud;
    const src: ColorSource = { positions: g.positions, colors: g.colors, fields: g.fields, overlays: [] };
    const mode = find(src, 'field:classification')!;
    expect(mode.label).toBe('classification (ASPRS classes)');
    const legend = mode.legend(src, SETTINGS);
    if (legend?.kind !== 'labels') throw new Error('no label legend');
    expect(legend.title).toBe('classification (ASPRS)');
    expect(legend.entries.map((e) => [e.id, e.name, e.count])).toEqual([
      [2, 'ground', Math.ceil(n / 4)],
      [6, 'building', Math.ceil((n - 1) / 4)],
      [9, 'water', Math.ceil((n - 2) / 4)],
      [64, 'user-defined 64', Math.ceil((n - 3) / 4)],
    ]);
    const out = new Float32Array(src.positions.length);
    mode.paint(src, SETTINGS, out);
    // the first point is ground, drawn brown
    expect([out[0], out[1], out[2]].map((v) => Math.round(v * 255))).toEqual([168, 120, 72]);
  });

  it('hide the points whose label the legend hides, in label modes only', async () => {
    const src = await scene();
    const labels = src.fields.label;
    const hiddenId = labels[0];
    const visible = visibleMask(find(src, 'field:label')!, src, new Set([hiddenId]))!;
    for (let i = 0; i < labels.length; i++) expect(visible[i]).toBe(labels[i] === hiddenId ? 0 : 1);
    expect(visibleMask(find(src, 'rgb')!, src, new Set([hiddenId]))).toBeUndefined();
    expect(visibleMask(find(src, 'field:label')!, src, new Set())).toBeUndefined();
  });

  it('repaint only the given points, the same as a full paint there', async () => {
    const src = await scene();
    const values = new Int32Array(src.positions.length / 3).map((_, i) => i % 3);
    src.overlays = [{ id: 'segmentation', label: 'Predicted class', values, classes: [{ name: 'wall', color: [255, 0, 0] }, { name: 'floor', color: [0, 0, 255] }, { name: 'chair', color: [0, 255, 0] }] }];
    const mode = find(src, 'overlay:segmentation')!;
    const full = new Float32Array(src.positions.length);
    mode.paint(src, SETTINGS, full);
    const partial = new Float32Array(src.positions.length).fill(-1);
    mode.paint(src, SETTINGS, partial, [4, 7]);
    expect([...partial.subarray(12, 15)]).toEqual([...full.subarray(12, 15)]);
    expect([...partial.subarray(21, 24)]).toEqual([...full.subarray(21, 24)]);
    expect(partial[0]).toBe(-1);
    expect(partial.filter((v) => v !== -1)).toHaveLength(6);
  });

  it("fall back to the layer's own first mode for a mode it does not offer", async () => {
    const src = await scene();
    expect(resolveColorMode(src, 'overlay:segmentation').id).toBe('rgb');
    expect(resolveColorMode(src, 'height').id).toBe('height');
  });

  it('paint a mesh by its MTL group colours', async () => {
    const src = await chair();
    expect(initialColorMode(src)).toBe('material');
    const out = new Float32Array(src.positions.length);
    find(src, 'material')!.paint(src, SETTINGS, out);
    // A vertex shared between groups takes the later group's colour: check one of the last group.
    const group = src.mesh!.groups.filter((g) => g.color).pop()!;
    const v = src.mesh!.indices[group.start + group.count - 1];
    expect([out[v * 3], out[v * 3 + 1], out[v * 3 + 2]]).toEqual(group.color!.map(Math.fround));
  });

  it('offer a mode for each overlay a feature attaches, with counts the feature keeps where it keeps them', async () => {
    const src = await scene();
    const values = new Uint8Array(src.positions.length / 3).map((_, i) => i % 2);
    const classes: ColorSource['overlays'][number]['classes'] = [{ name: 'wall', color: [255, 0, 0] }, { name: 'floor', color: [0, 0, 255] }];
    src.overlays = [{ id: 'segmentation', label: 'Predicted class', values, classes }];
    expect(colorModesFor(src).map((m) => m.id)).toContain('overlay:segmentation');
    const mode = find(src, 'overlay:segmentation')!;
    const out = new Float32Array(src.positions.length);
    mode.paint(src, SETTINGS, out);
    expect(mode.legend(src, SETTINGS)).toMatchObject({ kind: 'labels', entries: [{ name: 'wall', count: 12_500 }, { name: 'floor', count: 12_500 }] });
    expect([...out.subarray(0, 6)]).toEqual([1, 0, 0, 0, 0, 1]);
    src.overlays = [{ id: 'segmentation', label: 'Predicted class', values, classes, counts: new Float64Array([3, 0]) }];
    expect(find(src, 'overlay:segmentation')!.legend(src, SETTINGS)).toMatchObject({ kind: 'labels', entries: [{ name: 'wall', count: 3 }] });
  });

  it('draw the points an overlay has not given a class yet in grey, under its own legend entry, so that the legend counts every point', async () => {
    const src = await scene();
    const n = src.positions.length / 3;
    // a run stopped at a fifth of the points: the rest are -1
    const values = Int32Array.from({ length: n }, (_, i) => (i < n / 5 ? i % 2 : -1));
    const classes: ColorSource['overlays'][number]['classes'] = [{ name: 'wall', color: [255, 0, 0] }, { name: 'floor', color: [0, 0, 255] }];
    const counts = new Float64Array([n / 10, n / 10]);
    src.overlays = [{ id: 'segmentation', label: 'Predicted class', values, classes, counts, noClassName: 'not segmented' }];
    const mode = find(src, 'overlay:segmentation')!;
    const out = new Float32Array(src.positions.length);
    mode.paint(src, SETTINGS, out);
    expect([...out.subarray(3 * (n - 1), 3 * n)].map((v) => Math.round(v * 255))).toEqual([90, 94, 102]);
    const notSegmented = { id: -1, name: 'not segmented', color: [90, 94, 102], count: n - n / 5 };
    expect(mode.legend(src, SETTINGS)).toEqual({ kind: 'labels', title: 'Predicted class', entries: [notSegmented, { id: 0, name: 'wall', color: [255, 0, 0], count: n / 10 }, { id: 1, name: 'floor', color: [0, 0, 255], count: n / 10 }] });
    // counted afresh over a clip's points alike
    const kept = Uint8Array.from({ length: n }, (_, i) => (i >= n - 10 ? 1 : 0));
    expect(mode.legend({ ...src, kept }, SETTINGS)).toEqual({ kind: 'labels', title: 'Predicted class', entries: [{ ...notSegmented, count: 10 }] });
    expect(visibleMask(mode, src, new Set([-1]))!.reduce((a, v) => a + v, 0)).toBe(n / 5);
  });

  it('tell label fields from measures', () => {
    expect(isLabelField('label', new Uint32Array(1))).toBe(true);
    expect(isLabelField('sem_label', new Int32Array(1))).toBe(true);
    expect(isLabelField('instance', new Int16Array(1))).toBe(true);
    expect(isLabelField('intensity', new Uint16Array(1))).toBe(false);
    expect(isLabelField('label', new Float32Array(1))).toBe(false);
    expect(isLabelField('labelled_at', new Int32Array(1))).toBe(false);
    // Pointcept's arrays: a number after the name is the label set's size
    expect(isLabelField('segment', new Int32Array(1))).toBe(true);
    expect(isLabelField('segment200', new Int32Array(1))).toBe(true);
    expect(isLabelField('segmentation_time', new Int32Array(1))).toBe(false);
  });
});
