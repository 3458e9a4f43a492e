// The bundled samples against their index: every count in samples/index.json is read back from
// the file itself, by a reader independent of the app's parsers.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '@loaders.gl/core';
import { LASLoader } from '@loaders.gl/las';
import { findSample, validateSampleIndex, type SampleEntry } from '../../src/core/samples';

const ROOT = fileURLToPath(new URL('../../samples/', import.meta.url));
const index = validateSampleIndex(JSON.parse(readFileSync(join(ROOT, 'index.json'), 'utf8')));
const read = (rel: string) => readFileSync(join(ROOT, rel));
const text = (rel: string) => read(rel).toString('latin1');

function plyVertexCount(bytes: Buffer): { count: number; headerEnd: number; header: string[] } {
  const end = bytes.indexOf('end_header\n') + 'end_header\n'.length;
  const header = bytes.subarray(0, end).toString('ascii').split('\n');
  const line = header.find((l) => l.startsWith('element vertex '));
  return { count: Number(line?.split(' ')[2]), headerEnd: end, header };
}

function npyShape(bytes: Buffer): number[] {
  expect(bytes.subarray(1, 6).toString('latin1')).toBe('NUMPY');
  const headerLen = bytes[6] === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const dict = bytes.subarray(bytes[6] === 1 ? 10 : 12, (bytes[6] === 1 ? 10 : 12) + headerLen).toString('latin1');
  const shape = /'shape': \(([^)]*)\)/.exec(dict)?.[1] ?? '';
  return shape.split(',').filter((s) => s.trim()).map(Number);
}

const nonEmptyLines = (s: string) => s.split('\n').filter((l) => l.trim()).length;

function countsFromFile(s: SampleEntry): { points: number; faces: number } {
  switch (s.format) {
    case 'ply': {
      const { count, header } = plyVertexCount(read(s.file));
      const faces = header.find((l) => l.startsWith('element face '));
      return { points: count, faces: faces ? Number(faces.split(' ')[2]) : 0 };
    }
    case 'xyz':
      return { points: nonEmptyLines(text(s.file)), faces: 0 };
    case 'npy':
      return { points: npyShape(read(s.file))[0], faces: 0 };
    case 'las':
      // LAS 1.2 "number of point records", uint32 at byte 107 of the public header
      return { points: read(s.file).readUInt32LE(107), faces: 0 };
    case 'pcd':
      return { points: Number(/^POINTS (\d+)/m.exec(text(s.file))?.[1]), faces: 0 };
    case 'off': {
      // ModelNet glues counts to the keyword in some files ("OFF1046 900 0")
      const m = /^OFF\s*(\d+)\s+(\d+)/.exec(text(s.file));
      return { points: Number(m?.[1]), faces: Number(m?.[2]) };
    }
    case 'bin':
      // x y z r g b float32, as ScanNet's unlabelled scans come
      return { points: read(s.file).length / 24, faces: 0 };
    case 'stl':
    case 'gltf':
      throw new Error(`${s.file}: samples/index.json cannot name an STL or glTF file (FORMATS in core/samples.ts)`);
    case 'obj': {
      const lines = text(s.file).split('\n');
      return {
        points: lines.filter((l) => l.startsWith('v ')).length,
        faces: lines.filter((l) => l.startsWith('f ')).length,
      };
    }
  }
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

describe('samples/index.json', () => {
  it('opens with an object sample', () => {
    expect(findSample(index, index.default)?.kind).toBe('object');
  });

  it('stays small enough to ship with the app', () => {
    expect(folderBytes(ROOT)).toBeLessThan(25e6);
  });

  it('holds every supported format and dataset', () => {
    const formats = new Set(index.samples.map((s) => s.format));
    expect([...formats].sort()).toEqual(['bin', 'las', 'npy', 'obj', 'off', 'pcd', 'ply', 'xyz']);
    const datasets = new Set(index.samples.map((s) => s.dataset));
    expect(datasets.size).toBe(5);
  });

  it.each(index.samples.map((s) => [s.id, s] as const))('%s: files, size and counts match', (_id, s) => {
    expect(statSync(join(ROOT, s.file)).size).toBe(s.bytes);
    for (const c of s.companions) expect(statSync(join(ROOT, c)).isFile()).toBe(true);
    expect(countsFromFile(s)).toEqual({ points: s.points, faces: s.faces });
  });

  it('gives NumPy label arrays one row per point', () => {
    for (const s of index.samples.filter((x) => x.format === 'npy')) {
      expect(npyShape(read(s.file))).toEqual([s.points, 6]);
      for (const c of s.companions) expect(npyShape(read(c))).toEqual([s.points]);
    }
  });

  it("names each object sample's part of the classifier's data, as the classifier's own bank of training shapes says", () => {
    const models = JSON.parse(readFileSync(fileURLToPath(new URL('../../models/manifest.json', import.meta.url)), 'utf8'));
    const classifier = models.models.find((m: { id: string }) => m.id === 'classifier');
    const served = new Set(classifier.classes.map((c: { name: string }) => c.name));
    const bank = JSON.parse(readFileSync(fileURLToPath(new URL(`../../models/${classifier.openSet.neighbours.file}`, import.meta.url)), 'utf8'));
    const trained = new Set(bank.rows.map((r: { source: string; shape: string }) => `${r.source} ${r.shape}`));
    // the bank's key of a sample's source file: ModelNet by class and name, ShapeNet by synset and id, cc-object-models by path
    const bankKey = (source: string) => {
      const parts = source.split('/');
      if (parts[0] === 'modelnet40_normal_resampled' || parts[1] === 'ModelNet10') return `modelnet40 ${parts[parts[0] === 'modelnet40_normal_resampled' ? 1 : 2]}/${parts.at(-1)!.replace(/\.\w+$/, '')}`;
      if (parts[0] === 'shapenetcore') return `shapenetcore ${parts[1]}/${parts[2]}`;
      return `${parts[0]} ${parts.slice(1).join('/')}`;
    };
    const objects = index.samples.filter((s) => s.kind === 'object');
    for (const s of objects) {
      expect(s.classifierSplit, s.id).toBeDefined();
      if (!served.has(s.label)) {
        expect(['validation-unknown', 'test-unknown'], s.id).toContain(s.classifierSplit);
        continue;
      }
      // a training shape is a row of the bank; a held-out or validation shape is none
      expect(trained.has(bankKey(s.source)), s.id).toBe(s.classifierSplit === 'train');
    }
    for (const s of index.samples.filter((x) => x.kind === 'scene')) expect(s.classifierSplit).toBeUndefined();
    // the gallery has held-out objects to be judged on
    expect(objects.filter((s) => s.classifierSplit === 'test').length).toBeGreaterThanOrEqual(10);
  });

  it("names each scan's part of the scene model's data by its room, as the training config splits the rooms", () => {
    const { split } = JSON.parse(readFileSync(fileURLToPath(new URL('../../training/configs/seg.json', import.meta.url)), 'utf8'));
    const held = new Set([...split.scannet_test_rooms, ...split.s3dis_test_rooms]);
    const tuned = new Set([...split.scannet_val_rooms, ...split.s3dis_val_rooms]);
    for (const s of index.samples.filter((x) => x.kind === 'scene')) {
      if (held.has(s.room!)) expect(s.segmenterSplit, s.id).toBe('test');
      else if (tuned.has(s.room!)) expect(s.segmenterSplit, s.id).toBe('validation');
      // a room of the data the scene model trained on (ScanNet scene0000-0009, S3DIS Area 6), or one it never had
      else expect(s.segmenterSplit, s.id).toBe(/^(scene000\d|Area_6_)/.test(s.room!) ? 'train' : 'test');
    }
    expect(index.samples.filter((s) => s.kind === 'object').every((s) => s.segmenterSplit === undefined)).toBe(true);
    // the bundled ScanNet rooms are the held-out ones
    expect(index.samples.filter((s) => s.dataset === 'ScanNet').every((s) => s.segmenterSplit === 'test')).toBe(true);
  });

  it('writes binary PLY scans with one whole record per vertex', () => {
    const scans = index.samples.filter((s) => s.format === 'ply' && s.dataset === 'ScanNet');
    expect(scans.length).toBeGreaterThanOrEqual(3);
    for (const s of scans) {
      const bytes = read(s.file);
      const { count, headerEnd, header } = plyVertexCount(bytes);
      expect(header[1]).toBe('format binary_little_endian 1.0');
      expect(header.filter((l) => l.startsWith('property ')).map((l) => l.split(' ').slice(1).join(' '))).toEqual([
        'float x', 'float y', 'float z', 'uchar red', 'uchar green', 'uchar blue', 'int label', 'int instance',
      ]);
      expect(bytes.length - headerEnd).toBe(count * (3 * 4 + 3 + 2 * 4));
      expect(s.room).toMatch(/^scene\d{4}$/);
    }
  });
});

describe('the LAS sample', () => {
  const s = index.samples.find((x) => x.format === 'las');
  if (!s) throw new Error('no LAS sample');
  const bytes = read(s.file);
  const scale = [0, 1, 2].map((i) => bytes.readDoubleLE(131 + 8 * i));
  const offset = [0, 1, 2].map((i) => bytes.readDoubleLE(155 + 8 * i));
  // header order: max x, min x, max y, min y, max z, min z
  const ext = [0, 1, 2, 3, 4, 5].map((i) => bytes.readDoubleLE(179 + 8 * i));

  it('has a LAS 1.2 point format 2 header', () => {
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('LASF');
    expect([bytes[24], bytes[25]]).toEqual([1, 2]);
    expect(bytes.readUInt16LE(94)).toBe(227);
    expect(bytes[104]).toBe(2);
    expect(bytes.readUInt16LE(105)).toBe(26);
    expect(bytes.length).toBe(bytes.readUInt32LE(96) + s.points * 26);
    expect(scale).toEqual([0.001, 0.001, 0.001]);
  });

  it('reads back through loaders.gl with its count, bounds and 16-bit colours', async () => {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    // LAS colours are 16-bit by the spec; loaders.gl's default (8) would keep only the low byte
    const mesh = await parse(buffer, LASLoader, { worker: false, las: { colorDepth: 16 } });
    const pos = mesh.attributes.POSITION.value as Float32Array;
    expect(pos.length / 3).toBe(s.points);
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < pos.length; i++) {
      lo[i % 3] = Math.min(lo[i % 3], pos[i]);
      hi[i % 3] = Math.max(hi[i % 3], pos[i]);
    }
    for (let a = 0; a < 3; a++) {
      expect(hi[a]).toBeCloseTo(ext[2 * a], 5);
      expect(lo[a]).toBeCloseTo(ext[2 * a + 1], 5);
      expect(offset[a]).toBe(0);
    }
    const colors = mesh.attributes.COLOR_0.value as Uint8Array;
    const first = 227 + 20; // red of point 0: after the 20 bytes of format 0
    expect([colors[0], colors[1], colors[2]]).toEqual([0, 2, 4].map((o) => bytes.readUInt16LE(first + o) >> 8));
    expect(colors.some((c, i) => i % 4 !== 3 && c > 0)).toBe(true);
  });
});

describe('validateSampleIndex', () => {
  const good = () => JSON.parse(JSON.stringify(index)) as { default: string; samples: Record<string, unknown>[] };

  it('rejects a default that names no sample', () => {
    const bad = { ...good(), default: 'nope' };
    expect(() => validateSampleIndex(bad)).toThrow(/default/);
  });

  it('rejects an unsupported format and a path outside samples/', () => {
    const a = good();
    a.samples[0].format = 'gltf';
    expect(() => validateSampleIndex(a)).toThrow(/samples\[0\]\.format/);
    const b = good();
    b.samples[1].file = '../secret.ply';
    expect(() => validateSampleIndex(b)).toThrow(/samples\[1\]\.file/);
  });

  it('rejects a scene labelled as an object class', () => {
    const a = good();
    const i = a.samples.findIndex((s) => s.kind === 'scene');
    a.samples[i].label = 'chair';
    expect(() => validateSampleIndex(a)).toThrow(/label/);
  });

  it("rejects a classifier split it does not know, or one on a scene", () => {
    const a = good();
    const o = a.samples.findIndex((s) => s.kind === 'object');
    a.samples[o].classifierSplit = 'held-out';
    expect(() => validateSampleIndex(a)).toThrow(`samples/index.json: samples[${o}].classifierSplit must be one of train, validation, test, validation-unknown, test-unknown, on objects only`);
    const b = good();
    const s = b.samples.findIndex((x) => x.kind === 'scene');
    b.samples[s].classifierSplit = 'test';
    expect(() => validateSampleIndex(b)).toThrow(`samples[${s}].classifierSplit`);
    const c = good();
    c.samples[o].segmenterSplit = 'test';
    expect(() => validateSampleIndex(c)).toThrow(`samples[${o}].segmenterSplit must be one of train, validation, test, on scans only`);
  });
});
