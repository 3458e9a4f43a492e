// The test COPC writer is checked against two independent readers: laz-perf's chunk decoder and
// file reader (LASzip's C++ decoder compiled to WASM) and the copc library's header, hierarchy and
// point views. Every point of a real ScanNet scan must come back byte for byte.
import { describe, expect, it } from 'vitest';
import { createLazPerf } from 'laz-perf';
import { Copc, Hierarchy } from 'copc';
import { RECORD_BYTES } from '../../../scripts/laz/laz14';
import { scanSource, writeScanCopc } from './scanFixture';

const written = writeScanCopc();
const getter = async (begin: number, end: number) => written.bytes.slice(begin, end);

describe('test COPC writer', () => {
  it('spreads the 25,000 points over an octree whose every node is one chunk', () => {
    const withPoints = written.nodes.filter((n) => n.pointCount > 0);
    expect(withPoints.reduce((s, n) => s + n.pointCount, 0)).toBe(25_000);
    expect(new Set(written.nodes.map((n) => n.key[0])).size).toBeGreaterThan(2);
    // the root is a coarse sample, not the cloud
    expect(written.nodes[0].key).toEqual([0, 0, 0, 0]);
    expect(written.nodes[0].pointCount).toBeLessThan(2_000);
  });

  it("decodes node by node with laz-perf's chunk decoder to the records written", async () => {
    const lazPerf = await createLazPerf();
    const out = lazPerf._malloc(RECORD_BYTES);
    let compared = 0;
    for (const node of written.nodes.filter((n) => n.pointCount > 0)) {
      const blob = lazPerf._malloc(node.byteSize);
      lazPerf.HEAPU8.set(written.bytes.subarray(node.offset, node.offset + node.byteSize), blob);
      const decoder = new lazPerf.ChunkDecoder();
      decoder.open(7, RECORD_BYTES, blob);
      for (const p of node.points) {
        decoder.getPoint(out);
        const got = lazPerf.HEAPU8.slice(out, out + RECORD_BYTES);
        expect(got).toEqual(written.records.subarray(p * RECORD_BYTES, (p + 1) * RECORD_BYTES));
        compared++;
      }
      decoder.delete();
      lazPerf._free(blob);
    }
    lazPerf._free(out);
    expect(compared).toBe(25_000);
  });

  it("decodes as a whole file with laz-perf's LAZ reader, which follows the chunk table", async () => {
    const lazPerf = await createLazPerf();
    const file = lazPerf._malloc(written.bytes.length);
    lazPerf.HEAPU8.set(written.bytes, file);
    const reader = new lazPerf.LASZip();
    reader.open(file, written.bytes.length);
    expect(reader.getCount()).toBe(25_000);
    expect(reader.getPointFormat()).toBe(7);
    const out = lazPerf._malloc(RECORD_BYTES);
    for (const node of written.nodes) {
      for (const p of node.points) {
        reader.getPoint(out);
        expect(lazPerf.HEAPU8.slice(out, out + RECORD_BYTES)).toEqual(written.records.subarray(p * RECORD_BYTES, (p + 1) * RECORD_BYTES));
      }
    }
    reader.delete();
    lazPerf._free(out);
    lazPerf._free(file);
  });

  it('reads back through the copc library: header, info, hierarchy and every point within the scale', async () => {
    const copc = await Copc.create(getter);
    expect(copc.header.pointCount).toBe(25_000);
    expect(copc.header.pointDataRecordFormat).toBe(7);
    const { nodes } = await Hierarchy.load(getter, copc.info.rootHierarchyPage);
    expect(Object.keys(nodes).length).toBe(written.nodes.length);
    const src = scanSource();
    const scale = copc.header.scale[0];
    let worst = 0;
    for (const node of written.nodes.filter((n) => n.pointCount > 0)) {
      const entry = nodes[node.key.join('-')]!;
      expect(entry).toEqual({ pointCount: node.pointCount, pointDataOffset: node.offset, pointDataLength: node.byteSize });
      const view = await Copc.loadPointDataView(getter, copc, entry);
      const get = ['X', 'Y', 'Z', 'Red', 'Green', 'Blue'].map((d) => view.getter(d));
      node.points.forEach((p, j) => {
        for (let k = 0; k < 3; k++) {
          worst = Math.max(worst, Math.abs(get[k](j) - src.positions[p * 3 + k]));
          expect(get[3 + k](j)).toBe(src.colors[p * 3 + k] * 257);
        }
      });
    }
    expect(worst).toBeLessThanOrEqual(scale / 2 + 1e-9);
  });
});
