// Fuzz cases: a real seed file of one format, changed by a few random mutations of the kinds that
// broke readers before: flipped bytes, truncation, inserted bytes (control bytes, a BOM, a NUL, a
// Latin-1 byte, lone CRs), removed or repeated ranges, header numbers replaced by extreme values,
// binary header fields overwritten, and line ends rewritten.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { FormatId, InputFile } from '../../src/core/types';
import { concat } from '../core/io/helpers';

const file = (dir: string, name: string): InputFile => ({
  name,
  bytes: new Uint8Array(readFileSync(new URL(`../fixtures/${dir}/${name}`, import.meta.url))),
});

/** Seeds per format: the first file is the one mutated, the others are dropped with it. */
export const SEEDS: Record<FormatId, InputFile[][]> = {
  ply: [[file('io', 'flower_pot.ply')], [file('fuzz', 'mesh_binary.ply')], [file('fuzz', 'mesh_ascii.ply')]],
  pcd: [[file('io', 'flower_pot.pcd')], [file('fuzz', 'scan_binary.pcd')], [file('fuzz', 'scan_compressed.pcd')]],
  off: [[file('io', 'bathtub_0002.off')]],
  stl: [[file('io', 'bathtub_0002.stl')], [file('fuzz', 'mesh_ascii.stl')]],
  gltf: [[file('fuzz', 'chair.glb')]],
  obj: [[file('io', 'chair_362f53ee.obj'), file('io', 'chair_362f53ee.mtl')]],
  xyz: [[file('io', 'airplane_0001.txt')], [file('fuzz', 'scan_xyzrgb.txt')]],
  npy: [[file('io', 'scene0000_00_vert.npy'), file('io', 'scene0000_00_sem_label.npy'), file('io', 'scene0000_00_ins_label.npy')]],
  las: [[file('fuzz', 'scan.las')], [file('fuzz', 'scan.laz')], [file('fuzz', 'scan14.las')], [file('fuzz', 'scan14.laz')]],
  bin: [[file('io', 'scene0000_00_unlabeled.bin')]],
};

/** Numbers a lying header gives. */
const LIES = ['0', '1', '-1', '3', '255', '256', '65535', '2147483647', '2147483648', '4294967295', '9007199254740991', '100000000', '3000000', '1e308', 'nan', '-0', '1.5'];
const SPECIAL = [[0x1b, 0x5d, 0x30, 0x3b, 0x07], [0xef, 0xbb, 0xbf], [0x00], [0xe9], [0x0d], [0x9b], [0x2c], [0x3b]];

export type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'remove'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'lie'; nth: number; value: string }
  | { kind: 'field'; at: number; size: 1 | 2 | 4 | 8; value: number }
  | { kind: 'lineEnds'; to: 'cr' | 'crlf' };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.oneof(fc.constantFrom(...SPECIAL), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 16 })) }),
  fc.record({ kind: fc.constant('remove' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 256 }), times: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('lie' as const), nth: fc.nat(40), value: fc.constantFrom(...LIES) }),
  fc.record({
    kind: fc.constant('field' as const),
    at: fc.integer({ min: 0, max: 255 }),
    size: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
    value: fc.constantFrom(0, 1, -1, 0x7f, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 2 ** 53 - 1, 1e300, NaN),
  }),
  fc.record({ kind: fc.constant('lineEnds' as const), to: fc.constantFrom('cr' as const, 'crlf' as const) }),
);

const index = (f: number, n: number) => Math.min(n, Math.floor(f * n));

/** Where the text header ends: PLY's end_header, PCD's DATA line, otherwise the first 512 bytes. */
function headerEnd(b: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(b.subarray(0, 4096));
  const m = /end_header\r?\n|\nDATA [a-z_]+\r?\n/.exec(text);
  return m ? m.index + m[0].length : Math.min(b.length, 512);
}

export function mutate(input: Uint8Array, m: Mutation): Uint8Array {
  const b = input;
  const n = b.length;
  const join = (...parts: ArrayLike<number>[]) => concat(...parts.map((p) => Uint8Array.from(p)));
  switch (m.kind) {
    case 'flip': {
      const out = b.slice();
      if (n) out[index(m.at, n - 1)] = m.value;
      return out;
    }
    case 'truncate':
      return b.slice(0, index(m.at, n));
    case 'insert': {
      const i = index(m.at, n);
      return join(b.subarray(0, i), m.bytes, b.subarray(i));
    }
    case 'remove': {
      const i = index(m.at, n);
      return join(b.subarray(0, i), b.subarray(i + m.length));
    }
    case 'repeat': {
      const i = index(m.at, n);
      const part = b.subarray(i, i + m.length);
      return join(b.subarray(0, i), ...Array.from({ length: m.times + 1 }, () => part), b.subarray(i + m.length));
    }
    case 'lie': {
      const end = headerEnd(b);
      const text = new TextDecoder('latin1').decode(b.subarray(0, end));
      const runs = [...text.matchAll(/\d+/g)];
      if (!runs.length) return b;
      const r = runs[m.nth % runs.length];
      return join(b.subarray(0, r.index), Array.from(m.value, (c) => c.charCodeAt(0)), b.subarray(r.index + r[0].length));
    }
    case 'field': {
      const out = b.slice();
      if (m.at + m.size > n) return out;
      const dv = new DataView(out.buffer);
      if (m.size === 1) dv.setUint8(m.at, m.value & 0xff);
      else if (m.size === 2) dv.setUint16(m.at, m.value & 0xffff, true);
      else if (m.size === 4) dv.setUint32(m.at, Number.isFinite(m.value) ? m.value >>> 0 : 0xffffffff, true);
      else dv.setFloat64(m.at, m.value, true);
      return out;
    }
    case 'lineEnds': {
      const out: number[] = [];
      for (const c of b) {
        if (c !== 10) out.push(c);
        else if (m.to === 'cr') out.push(13);
        else out.push(13, 10);
      }
      return Uint8Array.from(out);
    }
  }
}

export interface FuzzCase {
  files: InputFile[];
  mutations: Mutation[];
  seed: string;
}

/** A seed of `format` with 1 to 4 mutations, applied to its main file or (rarely) to a companion. */
export function fuzzCase(format: FormatId): fc.Arbitrary<FuzzCase> {
  const seeds = SEEDS[format];
  return fc
    .record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      target: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(3) }),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
    })
    .map(({ seed, target, mutations }) => {
      const files = seeds[seed].map((f) => ({ ...f }));
      const t = target % files.length;
      files[t] = { name: files[t].name, bytes: mutations.reduce(mutate, files[t].bytes) };
      const seedName = files[0].name;
      // reports name the seed and the mutations, not tens of kilobytes of bytes
      return { files, mutations, seed: seedName, [fc.toStringMethod]: () => `${seedName} (file ${t}) ${JSON.stringify(mutations)}` };
    });
}
