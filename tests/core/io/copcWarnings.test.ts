// A COPC read node by node says what the same points read from a LAS say of their classification
// flags and of points outside the header's box: once for the layer, whatever the nodes read and
// however often one is read again, in the LAS reader's words.
import { describe, expect, it } from 'vitest';
import { createLazPerf } from 'laz-perf';
import { Las } from 'copc';
import { colorShiftOf, nodePoints, readCopcHead, readCopcTree, type CopcNodeTally } from '../../../src/core/io/copc';
import { copcPointWarnings } from '../../../src/core/io/copcWarnings';
import { parseLas } from '../../../src/core/io/las';
import { writeCopc } from '../../../scripts/laz/writeCopc';

const N = 4000;

/** A survey in a 20 m cube whose points set the synthetic flag (every third), key point (every fifth) and withheld (a few). */
function flaggedCopc(): Uint8Array {
  const positions = Float32Array.from({ length: 3 * N }, (_, k) => ((Math.floor(k / 3) * [7919, 104729, 1299709][k % 3]) % 20_000) / 1000 - 10);
  const colors = Uint8Array.from({ length: 3 * N }, (_, k) => (k * 41) % 256);
  const flags = (i: number) => (i % 3 === 0 ? 1 : 0) | (i % 5 === 0 ? 2 : 0) | (i % 1999 === 0 ? 4 : 0);
  return writeCopc({ positions, colors }, { scale: 0.001, fill: (dv, at, i) => dv.setUint8(at + 15, flags(i)) }).bytes;
}

/** The file's box made to leave out its points past x = `maxX` (the header's largest x, at byte 179). */
function cutBox(bytes: Uint8Array, maxX: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setFloat64(179, maxX, true);
  return out;
}

/** Every node of `bytes` read as the COPC worker reads them: each one's points and counts. */
async function nodesOf(bytes: Uint8Array) {
  const get = async (b: number, e: number) => bytes.slice(b, e);
  const head = await readCopcHead(get, bytes.length);
  const tree = await readCopcTree(get, head);
  const lazPerf = await createLazPerf();
  const { pointDataRecordFormat, pointDataRecordLength } = head.header;
  const tallies = new Map<number, CopcNodeTally>();
  let kept = 0;
  let colorShift: number | undefined;
  for (const [id, node] of tree.nodes.entries()) {
    if (!node.count) continue;
    const records = await Las.PointData.decompressChunk(bytes.slice(node.offset, node.offset + node.length), { pointCount: node.count, pointDataRecordFormat, pointDataRecordLength }, lazPerf);
    colorShift ??= colorShiftOf(records, head, node.count);
    const points = nodePoints(records, head, node.count, colorShift);
    tallies.set(id, points.tally);
    kept += points.positions.length / 3;
  }
  return { head, tallies, kept };
}

/** The warnings the LAS reader gives of the same file, read whole, that speak of its points. */
async function lasPointWarnings(bytes: Uint8Array) {
  const read = await parseLas(bytes);
  return { warnings: (read.warnings ?? []).filter((w) => /classification flags|bounding box/.test(w)), points: read.data.positions.length / 3 };
}

describe('a COPC layer', () => {
  it('says what its classification flags mark, once for all its nodes, as the LAS reader says it of the same points', async () => {
    const bytes = flaggedCopc();
    const { head, tallies } = await nodesOf(bytes);
    expect(tallies.size).toBeGreaterThan(3);
    const warnings = copcPointWarnings(tallies, head.extra.dims, true);
    expect(warnings).toEqual(['its classification flags mark 1,334 synthetic, 800 key points, 3 withheld (to be treated as deleted); every point is shown, in its class']);
    expect(warnings).toEqual((await lasPointWarnings(bytes)).warnings);
  });

  it('counts a node read again once, and says of nodes read so far that they are not all the file', async () => {
    const { head, tallies } = await nodesOf(flaggedCopc());
    const [rootId, root] = [...tallies][0];
    const again = new Map(tallies);
    again.set(rootId, { ...root });
    expect(copcPointWarnings(again, head.extra.dims, true)).toEqual(copcPointWarnings(tallies, head.extra.dims, true));
    const flagged = root.flagged.map((c, b) => [c, ['synthetic', 'key points', 'withheld (to be treated as deleted)'][b]]).filter(([c]) => c);
    expect(copcPointWarnings(new Map([[rootId, root]]), head.extra.dims, false)).toEqual([
      `its classification flags mark ${flagged.map(([c, name]) => `${c.toLocaleString('en-US')} ${name}`).join(', ')}; every point is shown, in its class (of the ${root.points.toLocaleString('en-US')} points of the octree nodes read so far)`,
    ]);
  });

  it('drops the points outside the box its header declares, and says so, as the LAS reader does', async () => {
    const bytes = cutBox(flaggedCopc(), 9.99);
    const las = await lasPointWarnings(bytes);
    const { head, tallies, kept } = await nodesOf(bytes);
    const outside = N - las.points;
    expect(outside).toBeGreaterThan(0);
    expect(kept).toBe(las.points);
    const warnings = copcPointWarnings(tallies, head.extra.dims, true);
    expect(warnings[0]).toBe(`${outside} of ${N} points lie outside the bounding box the header declares and were dropped: the file is corrupt or its header is wrong`);
    expect(warnings).toEqual(las.warnings);
  });
});
