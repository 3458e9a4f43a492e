// A COPC file whose points carry LAS 1.4 extra bytes (a float32 amplitude and a uint16 deviation,
// as a lidar vendor's tile has them), written by the test tooling from the ScanNet scan with its
// Extra Bytes record among the VLRs or among the EVLRs: every node gives its points those
// dimensions as fields, named and typed as a LAS file's, with the values written.
import { describe, expect, it } from 'vitest';
import { createLazPerf } from 'laz-perf';
import { Las } from 'copc';
import { parseLas } from '../../../src/core/io/las';
import { colorShiftOf, copcBytesPerPoint, COPC_BYTES_PER_POINT, nodePoints, readCopcHead, readCopcTree } from '../../../src/core/io/copc';
import { scanSource } from '../../tools/copc/scanFixture';
import { writeCopc, type CopcOptions } from '../../../scripts/laz/writeCopc';

const src = scanSource();
const n = src.positions.length / 3;
const amplitude = Float32Array.from({ length: n }, (_, i) => Math.fround(((i * 0.37) % 50) - 10.25));
const deviation = Uint16Array.from({ length: n }, (_, i) => (i * 7919) % 65536);
const extraDims = [
  { name: 'amplitude', type: 9, values: amplitude },
  { name: 'deviation', type: 3, values: deviation },
];
const RECORD = 36 + 4 + 2;

const getterOf = (bytes: Uint8Array) => async (b: number, e: number) => bytes.slice(b, e);

async function everyNode(options: CopcOptions) {
  const written = writeCopc(src, { ...options, extraDims });
  const get = getterOf(written.bytes);
  const head = await readCopcHead(get, written.bytes.length);
  const tree = await readCopcTree(get, head);
  const lazPerf = await createLazPerf();
  const nodes = [];
  for (const node of tree.nodes) {
    if (!node.count) continue;
    const records = await Las.PointData.decompressChunk(written.bytes.slice(node.offset, node.offset + node.length), { pointCount: node.count, pointDataRecordFormat: 7, pointDataRecordLength: RECORD }, lazPerf);
    // the writer's nodes, in the hierarchy's order: which source point each record is
    const source = written.nodes.find((w) => w.key.join('-') === node.key)!.points;
    nodes.push({ node, records, source, points: nodePoints(records, head, node.count, colorShiftOf(records, head, node.count)) });
  }
  return { written, head, tree, nodes };
}

describe('COPC extra bytes', () => {
  it('decodes with laz-perf to the records written, extra bytes and all', async () => {
    const { written, nodes } = await everyNode({});
    expect(nodes.length).toBeGreaterThan(1);
    for (const { records, source } of nodes) {
      source.forEach((p, j) => expect(Array.from(records.subarray(j * RECORD, (j + 1) * RECORD))).toEqual(Array.from(written.records.subarray(p * RECORD, (p + 1) * RECORD))));
    }
  });

  for (const extraBytesIn of ['vlr', 'evlr'] as const) {
    it(`gives every node's points the dimensions its Extra Bytes record (among the ${extraBytesIn.toUpperCase()}s) describes, with the values written`, async () => {
      const { head, tree, nodes } = await everyNode({ extraBytesIn });
      expect(head.extra.warnings).toEqual([]);
      expect(head.extra.dims.map((d) => d.name)).toEqual(['amplitude', 'deviation']);
      expect(copcBytesPerPoint(head)).toBe(COPC_BYTES_PER_POINT + 4 + 2);
      let seen = 0;
      for (const { node, source, points } of nodes) {
        expect(points.fields.amplitude, node.key).toBeInstanceOf(Float32Array);
        expect(points.fields.deviation, node.key).toBeInstanceOf(Uint16Array);
        expect(Array.from(points.fields.amplitude), node.key).toEqual(source.map((p) => amplitude[p]));
        expect(Array.from(points.fields.deviation), node.key).toEqual(source.map((p) => deviation[p]));
        seen += node.count;
      }
      expect(seen).toBe(tree.points);
      expect(seen).toBe(n);
    });
  }

  for (const extraBytesIn of ['vlr', 'evlr'] as const) {
    it(`names and types them as the same file read whole (as LAZ 1.4) does, its record among the ${extraBytesIn.toUpperCase()}s`, async () => {
      const { written, nodes } = await everyNode({ extraBytesIn });
      const whole = (await parseLas(written.bytes)).data;
      let at = 0;
      // the chunks lie in the file in the hierarchy's order
      for (const { node, points } of [...nodes].sort((a, b) => a.node.offset - b.node.offset)) {
        expect(Object.keys(points.fields)).toEqual(Object.keys(whole.fields));
        for (const name of ['amplitude', 'deviation']) {
          expect(points.fields[name].constructor).toBe(whole.fields[name].constructor);
          expect(Array.from(points.fields[name]), `${node.key} ${name}`).toEqual(Array.from(whole.fields[name].subarray(at, at + node.count)));
        }
        at += node.count;
      }
    });
  }

  it('says where its records carry extra bytes that no Extra Bytes record describes', async () => {
    const written = writeCopc(src, { extraDims });
    const bytes = written.bytes.slice();
    // the Extra Bytes VLR renamed: the bytes are there, their description is not
    const at = bytes.findIndex((_, i) => String.fromCharCode(...bytes.subarray(i, i + 9)) === 'LASF_Spec');
    bytes[at] = 'X'.charCodeAt(0);
    const head = await readCopcHead(getterOf(bytes), bytes.length);
    expect(head.extra.dims).toEqual([]);
    expect(head.extra.warnings).toEqual(['its point records have 6 extra bytes that no Extra Bytes record describes; they were not read']);
  });
});
