// The COPC reader's checks, on a real ScanNet scan written as COPC by the test tooling and then
// damaged the ways a broken or hostile file is: every one must be refused with a message in the
// user's terms before anything is fetched or allocated from the bad number.
import { describe, expect, it } from 'vitest';
import { createLazPerf } from 'laz-perf';
import { Las } from 'copc';
import { readFileSync } from 'node:fs';
import { lasLoader, parseLas } from '../../../src/core/io/las';
import { checkChunkCount, colorShiftOf, isCopc, nodePoints, readCopcHead, readCopcTree } from '../../../src/core/io/copc';
import { scanSource, writeScanCopc } from '../../tools/copc/scanFixture';
import { writeCopc as writeCopcFrom0 } from '../../../scripts/laz/writeCopc';

const writeCopcFrom = (src: Parameters<typeof writeCopcFrom0>[0]) => writeCopcFrom0(src).bytes;

const written = writeScanCopc();
const HEADER = 375;
const INFO = HEADER + 54;

const getterOf = (bytes: Uint8Array) => async (b: number, e: number) => bytes.slice(b, e);
const open = async (bytes: Uint8Array) => {
  const head = await readCopcHead(getterOf(bytes), bytes.length);
  return { head, tree: await readCopcTree(getterOf(bytes), head) };
};

/** A copy of the file with `change` applied to it. */
function damaged(change: (dv: DataView) => void): Uint8Array {
  const bytes = written.bytes.slice();
  change(new DataView(bytes.buffer));
  return bytes;
}

/** The byte offset of hierarchy entry `j` (nodes are written in the writer's order). */
const entry = (j: number) => written.hierarchyOffset + 32 * j;
const entryOf = (level: number) => written.nodes.findIndex((n) => n.key[0] === level && n.pointCount > 0);

describe('COPC reader', () => {
  it('reads the unit of length and the name of the system its WKT record declares, and still reads its octree', async () => {
    const wkt = 'PROJCS["NAD83 / New York Long Island (ftUS)",GEOGCS["NAD83",UNIT["degree",0.0174532925199433]],UNIT["US survey foot",0.304800609601219]]';
    const { head, tree } = await open(writeCopcFrom0(scanSource(), { wkt }).bytes);
    expect(head.units).toEqual({ unit: 'ftUS', crs: 'NAD83 / New York Long Island (ftUS)', crsWkt: wkt, warnings: [] });
    expect(tree.points).toBe(25_000);
    expect((await open(written.bytes)).head.units).toEqual({ warnings: [] });
  });

  it('reads the header and the whole octree of a real scan', async () => {
    const { head, tree } = await open(written.bytes);
    expect(isCopc(written.bytes)).toBe(true);
    expect(head.header.pointCount).toBe(25_000);
    expect(tree.points).toBe(25_000);
    expect(tree.warnings).toEqual([]);
    expect(tree.nodes.length).toBe(written.nodes.length);
    expect(tree.nodes[0].key).toBe('0-0-0-0');
    // parents before children, and each child inside its parent's cube
    tree.nodes.forEach((n, i) =>
      n.children.forEach((c) => {
        expect(c).toBeGreaterThan(i);
        expect(tree.nodes[c].size).toBeCloseTo(n.size / 2, 9);
        tree.nodes[c].min.forEach((m, k) => expect(m).toBeGreaterThanOrEqual(n.min[k] - 1e-9));
      }),
    );
    expect(tree.nodes[0].size).toBeCloseTo(2 * written.halfSize, 9);
  });

  it("decodes each node's points in the class its records give them, the byte whole", async () => {
    // a classified tile's classes, one a level: ground, building, water, then user-defined 70
    const classes = [2, 6, 9, 70];
    const classed = writeCopcFrom0(scanSource(), { classOfNode: ([level]) => classes[Math.min(level, 3)] });
    const { head, tree } = await open(classed.bytes);
    const lazPerf = await createLazPerf();
    for (const [i, n] of tree.nodes.entries()) {
      if (!n.count) continue;
      const records = await Las.PointData.decompressChunk(classed.bytes.slice(n.offset, n.offset + n.length), { pointCount: n.count, pointDataRecordFormat: 7, pointDataRecordLength: 36 }, lazPerf);
      const points = nodePoints(records, head, n.count, colorShiftOf(records, head, n.count));
      expect(points.fields.classification.every((c) => c === classes[Math.min(n.level, 3)]), `node ${i}`).toBe(true);
    }
  });

  it("gives each node's points the fields a LAS file's points have, as the file read whole gives them", async () => {
    const classed = writeCopcFrom0(scanSource(), { classOfNode: ([level]) => [2, 6, 9, 70][Math.min(level, 3)] }).bytes;
    const { head, tree } = await open(classed);
    const whole = (await parseLas(classed)).data;
    const lazPerf = await createLazPerf();
    // the file holds its nodes' chunks one after another, in the order of their offsets
    const nodes = tree.nodes.filter((n) => n.count).sort((a, b) => a.offset - b.offset);
    let at = 0;
    for (const n of nodes) {
      const records = await Las.PointData.decompressChunk(classed.slice(n.offset, n.offset + n.length), { pointCount: n.count, pointDataRecordFormat: 7, pointDataRecordLength: 36 }, lazPerf);
      const { fields } = nodePoints(records, head, n.count, colorShiftOf(records, head, n.count));
      expect(Object.keys(fields), n.key).toEqual(Object.keys(whole.fields));
      for (const [name, values] of Object.entries(fields)) {
        expect(values.constructor, `${n.key} ${name}`).toBe(whole.fields[name].constructor);
        expect(Array.from(values), `${n.key} ${name}`).toEqual(Array.from(whole.fields[name].subarray(at, at + n.count)));
      }
      at += n.count;
    }
    expect(at).toBe(whole.positions.length / 3);
  });

  it("decodes a node's points to the scan's own, in metres and 8-bit colours", async () => {
    const { head, tree } = await open(written.bytes);
    const root = tree.nodes[0];
    const compressed = written.bytes.slice(root.offset, root.offset + root.length);
    checkChunkCount(compressed, root, head.header.pointDataRecordLength);
    const records = await Las.PointData.decompressChunk(compressed, { pointCount: root.count, pointDataRecordFormat: 7, pointDataRecordLength: 36 }, await createLazPerf());
    const shift = colorShiftOf(records, head, root.count);
    expect(shift).toBe(8);
    const points = nodePoints(records, head, root.count, shift);
    const src = scanSource();
    written.nodes[0].points.forEach((p, j) => {
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(points.positions[j * 3 + k] - src.positions[p * 3 + k])).toBeLessThan(1e-3);
        expect(points.colors![j * 3 + k]).toBe(src.colors[p * 3 + k]);
      }
    });
  });

  it('shifts far coordinates by the octree centre and says so', async () => {
    const far = writeScanCopcAt([500_000, 4_000_000, 100]);
    const { head, tree } = await open(far);
    // the centre to the metre: the scan lies within 4 m of the offset
    head.origin.forEach((o, k) => expect(Math.abs(o - [500_000, 4_000_000, 100][k])).toBeLessThanOrEqual(4));
    expect(tree.warnings.join()).toContain(`relative to (${head.origin.join(', ')}), the middle of its octree`);
    expect(Math.abs(tree.nodes[0].min[0])).toBeLessThan(10);
  });

  it("is read whole, as the LAZ 1.4 it is, where it comes to the LAS reader (the command line): every node's points", async () => {
    const r = await lasLoader.parse(written.bytes, { companions: [], name: 'scan.copc.laz' });
    const src = scanSource();
    // the chunks lie in the file in the hierarchy's order, a node's points in the order written
    const order = written.nodes.flatMap((n) => n.points);
    expect(r.data.positions.length).toBe(3 * order.length);
    expect(order.length).toBe(src.positions.length / 3);
    const scale = 0.001;
    order.forEach((p, i) => {
      for (let k = 0; k < 3; k++) expect(Math.abs(r.data.positions[3 * i + k] - src.positions[3 * p + k])).toBeLessThanOrEqual(scale);
    });
    expect(r.data.colors).toEqual(Uint8Array.from({ length: 3 * order.length }, (_, j) => src.colors[3 * order[Math.floor(j / 3)] + (j % 3)]));
    expect(r.warnings).toEqual([]);
  });

  it('refuses what is not COPC', async () => {
    const las = new Uint8Array(readFileSync(new URL('../../fixtures/fuzz/scan.las', import.meta.url)));
    expect(isCopc(las)).toBe(false);
    await expect(readCopcHead(getterOf(las), las.length)).rejects.toThrow(/is not a COPC file: it is LAS 1\.2 without the "copc" record/);
    const ply = new TextEncoder().encode('ply\nformat ascii 1.0\n'.padEnd(800, ' '));
    await expect(readCopcHead(getterOf(ply), ply.length)).rejects.toThrow(/does not start with the LAS signature/);
    await expect(readCopcHead(getterOf(written.bytes.slice(0, 300)), 300)).rejects.toThrow(/too few for a LAS 1\.4 header/);
  });

  it('refuses a hierarchy page outside the file, or not of whole entries', async () => {
    const outside = damaged((dv) => dv.setBigUint64(INFO + 40, BigInt(written.bytes.length), true));
    await expect(open(outside)).rejects.toThrow(/broken COPC hierarchy: a page of [\d,]+ bytes at byte [\d,]+ lies outside the file/);
    const ragged = damaged((dv) => dv.setBigUint64(INFO + 48, dv.getBigUint64(INFO + 48, true) - 5n, true));
    await expect(open(ragged)).rejects.toThrow(/not a whole number of 32-byte entries/);
  });

  it('refuses nodes without a parent, outside their grid, or with data outside the file', async () => {
    const deep = entryOf(3);
    const orphan = damaged((dv) => {
      dv.setInt32(entry(deep), 9, true);
      [4, 8, 12].forEach((o) => dv.setInt32(entry(deep) + o, 0, true));
    });
    await expect(open(orphan)).rejects.toThrow(/broken COPC hierarchy: node 9-0-0-0 has no parent node/);
    const outside = damaged((dv) => dv.setInt32(entry(entryOf(1)) + 4, 2, true));
    await expect(open(outside)).rejects.toThrow(/node 1-2-\d-\d lies outside its level's grid/);
    const noRoot = damaged((dv) => dv.setInt32(entry(0) + 4, 1, true));
    await expect(open(noRoot)).rejects.toThrow(/it has no root node/);
    const pastEnd = damaged((dv) => dv.setBigUint64(entry(deep) + 16, BigInt(written.bytes.length - 10), true));
    await expect(open(pastEnd)).rejects.toThrow(/node 3-\d+-\d+-\d+'s [\d,]+ bytes at byte [\d,]+ lie outside the point data/);
    const negative = damaged((dv) => dv.setInt32(entry(deep) + 28, -7, true));
    await expect(open(negative)).rejects.toThrow(/has a corrupt COPC hierarchy: Invalid hierarchy point count/);
  });

  it('refuses counts that lie: more points than the header, a huge node, a node whose chunk holds another count', async () => {
    const more = damaged((dv) => dv.setInt32(entry(entryOf(2)) + 28, dv.getInt32(entry(entryOf(2)) + 28, true) + 1000, true));
    await expect(open(more)).rejects.toThrow(/its nodes hold 26,000 points, but its header declares 25,000/);
    const huge = damaged((dv) => dv.setInt32(entry(entryOf(2)) + 28, 2 ** 31 - 1, true));
    await expect(open(huge)).rejects.toThrow(/is too large: 2147483647 points in octree node 2-\d+-\d+-\d+ would take/);
    // one node claims 100 of another's points: the totals agree, the chunk does not
    const [a, b] = [entryOf(2), entryOf(3)];
    const swapped = damaged((dv) => {
      dv.setInt32(entry(a) + 28, dv.getInt32(entry(a) + 28, true) + 100, true);
      dv.setInt32(entry(b) + 28, dv.getInt32(entry(b) + 28, true) - 100, true);
    });
    const { head, tree } = await open(swapped);
    const node = tree.nodes.find((n) => n.key === written.nodes[a].key.join('-'))!;
    expect(() => checkChunkCount(swapped.slice(node.offset, node.offset + node.length), node, head.header.pointDataRecordLength)).toThrow(
      new RegExp(`lists ${(written.nodes[a].pointCount + 100).toLocaleString('en-US')} points for octree node ${node.key}, whose data holds ${written.nodes[a].pointCount.toLocaleString('en-US')}`),
    );
  });

  it('warns where the header declares more points than the octree holds', async () => {
    const fewer = damaged((dv) => dv.setBigUint64(247, 30_000n, true));
    const { tree } = await open(fewer);
    expect(tree.warnings).toEqual(['its header declares 30,000 points but its octree holds 25,000; only those can be shown']);
  });
});

function writeScanCopcAt(offset: number[]): Uint8Array {
  const src = scanSource();
  const positions = new Float64Array(src.positions.length);
  for (let i = 0; i < positions.length; i++) positions[i] = src.positions[i] + offset[i % 3];
  return writeCopcFrom({ positions, colors: src.colors });
}
