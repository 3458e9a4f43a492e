import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/core/io/concatBytes';
import { parsePly } from '../../../src/core/io/ply';
import { isStreamablePly, plyHeaderOf, PlyPointStream } from '../../../src/core/io/plyStream';
import { createRng } from '../../../src/core/random';

// a real ScanNet room: binary x y z (f32) r g b (u8) label instance (u32), 50,000 points
const SCAN = new Uint8Array(readFileSync(new URL('../../../samples/scannet/scene0007_00.ply', import.meta.url)));

/** Feeds `bytes` to a stream in chunks of random sizes, the header too. */
function streamed(bytes: Uint8Array, seed: number, maxChunk: number) {
  const rng = createRng(seed);
  let head: Uint8Array = new Uint8Array(0);
  let stream: PlyPointStream | null = null;
  for (let at = 0; at < bytes.length; ) {
    const chunk = bytes.subarray(at, Math.min(bytes.length, at + 1 + Math.floor(rng() * maxChunk)));
    at += chunk.length;
    if (stream) {
      stream.push(chunk);
      continue;
    }
    head = concatBytes([head, chunk]);
    const header = plyHeaderOf(head);
    if (!header) continue;
    stream = new PlyPointStream(header, bytes.length);
    stream.push(head.subarray(header.bodyStart));
  }
  return stream!;
}

describe('binary PLY read as it arrives', () => {
  it('gives the same cloud as reading the whole file, whatever the chunk sizes', () => {
    const whole = parsePly(SCAN).data;
    for (const [seed, maxChunk] of [[1, 97], [2, 4096], [3, 300_000]]) {
      const stream = streamed(SCAN, seed, maxChunk);
      expect(stream.rows).toBe(50_000);
      const data = stream.finish().data;
      expect(data.positions).toEqual(whole.positions);
      expect(data.colors).toEqual(whole.colors);
      expect(data.fields.label).toEqual(whole.fields.label);
      expect(data.fields.instance).toEqual(whole.fields.instance);
    }
  });

  it('samples the points read so far evenly', () => {
    const header = plyHeaderOf(SCAN)!;
    const stream = new PlyPointStream(header, SCAN.length);
    const rowBytes = 23;
    stream.push(SCAN.subarray(header.bodyStart, header.bodyStart + 10_000 * rowBytes + 5));
    expect(stream.rows).toBe(10_000);
    const sample = stream.sample(1000);
    expect(sample.positions.length / 3).toBe(1000);
    const whole = parsePly(SCAN).data;
    // the 7th sampled point is row 70
    expect([...sample.positions.subarray(21, 24)]).toEqual([...whole.positions.subarray(210, 213)]);
    expect([...sample.colors!.subarray(21, 24)]).toEqual([...whole.colors!.subarray(210, 213)]);
  });

  it('refuses a file that ends early, and a header that declares more than the file holds', () => {
    const cut = SCAN.subarray(0, SCAN.length - 100);
    const header = plyHeaderOf(cut)!;
    const stream = new PlyPointStream(header);
    stream.push(cut.subarray(header.bodyStart));
    expect(() => stream.finish()).toThrow(/truncated: it ends after 49995 of the 50000 vertex/);
    expect(() => new PlyPointStream(header, cut.length)).toThrow(/only \d+ bytes follow the header/);
  });

  it('streams binary clouds only', () => {
    expect(isStreamablePly(plyHeaderOf(SCAN)!)).toBe(true);
    const ascii = new TextEncoder().encode('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n');
    expect(isStreamablePly(plyHeaderOf(ascii)!)).toBe(false);
    const mesh = new TextEncoder().encode('ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n');
    expect(isStreamablePly(plyHeaderOf(mesh)!)).toBe(false);
    expect(plyHeaderOf(SCAN.subarray(0, 40))).toBeNull();
    expect(() => plyHeaderOf(new TextEncoder().encode('OFF\n'))).toThrow(/not a PLY file/);
  });
});
