// A COPC's nodes give their points every attribute a LAS file's points have, decoded as the LAS
// reader decodes them: a COPC streamed node by node and exported as LAS keeps its user data, scan
// angle, classification flags, scan direction and edge of flight line.
import { describe, expect, it } from 'vitest';
import { createLazPerf } from 'laz-perf';
import { Las } from 'copc';
import { colorShiftOf, copcFieldNames, nodePoints, readCopcHead, readCopcTree, type CopcNodePoints } from '../../../src/core/io/copc';
import { copcLayer } from '../../../src/core/io/copcLayer';
import { parseLas } from '../../../src/core/io/las';
import { writeLas } from '../../../src/core/io/writeLas';
import type { PointCloud } from '../../../src/core/types';
import { writeCopc } from '../../../scripts/laz/writeCopc';

const N = 4000;
/** the rare flag: on few enough points that most nodes have none */
const WITHHELD_EVERY = 1999;

/** Point `i`'s attributes, each differing from point to point, as a LAS reader names them. */
function attributes(i: number): Record<string, number> {
  const returns = 1 + (i % 15);
  return {
    intensity: (i * 37) % 65536,
    classification: i % 256,
    return_number: 1 + (i % returns),
    number_of_returns: returns,
    point_source_id: 40_000 + (i % 20_000),
    gps_time: 3.1e8 + i * 0.0137,
    user_data: (i * 13) % 256,
    scan_angle: Math.fround((((i * 331) % 60_001) - 30_000) * 0.006),
    synthetic: i % 3 === 0 ? 1 : 0,
    key_point: i % 5 === 0 ? 1 : 0,
    withheld: i % WITHHELD_EVERY === 0 ? 1 : 0,
    overlap: i % 7 === 0 ? 1 : 0,
    scan_direction: i % 2,
    edge_of_flight_line: i % 11 === 0 ? 1 : 0,
  };
}

/** A small survey in a 20 m cube, every attribute of format 7 set (the scanner channel 0). */
function surveyCopc() {
  const positions = Float32Array.from({ length: 3 * N }, (_, k) => (((Math.floor(k / 3) * [7919, 104729, 1299709][k % 3]) % 20_000) / 1000) - 10);
  const colors = Uint8Array.from({ length: 3 * N }, (_, k) => (k * 41) % 256);
  return writeCopc(
    { positions, colors },
    {
      scale: 0.001,
      fill(dv, at, i) {
        const a = attributes(i);
        dv.setUint16(at + 12, a.intensity, true);
        dv.setUint8(at + 14, a.return_number | (a.number_of_returns << 4));
        const flags = a.synthetic | (a.key_point << 1) | (a.withheld << 2) | (a.overlap << 3);
        // scanner channel 0: the test writer's LASzip coder codes no other
        dv.setUint8(at + 15, flags | (a.scan_direction << 6) | (a.edge_of_flight_line << 7));
        dv.setUint8(at + 16, a.classification);
        dv.setUint8(at + 17, a.user_data);
        dv.setInt16(at + 18, ((i * 331) % 60_001) - 30_000, true);
        dv.setUint16(at + 20, a.point_source_id, true);
        dv.setFloat64(at + 22, a.gps_time, true);
      },
    },
  );
}

/** Every node read as the COPC worker reads it, and the layer they make. */
async function streamed() {
  const written = surveyCopc();
  const get = async (b: number, e: number) => written.bytes.slice(b, e);
  const head = await readCopcHead(get, written.bytes.length);
  const tree = await readCopcTree(get, head);
  const lazPerf = await createLazPerf();
  const { pointDataRecordFormat, pointDataRecordLength } = head.header;
  const loaded = new Map<number, CopcNodePoints>();
  const order: number[] = [];
  let colorShift: number | undefined;
  for (const [id, node] of tree.nodes.entries()) {
    if (!node.count) continue;
    const records = await Las.PointData.decompressChunk(written.bytes.slice(node.offset, node.offset + node.length), { pointCount: node.count, pointDataRecordFormat, pointDataRecordLength }, lazPerf);
    colorShift ??= colorShiftOf(records, head, node.count);
    loaded.set(id, nodePoints(records, head, node.count, colorShift));
    // the layer holds the nodes by id: which source point each of its points is
    order.push(...written.nodes.find((w) => w.key.join('-') === node.key)!.points);
  }
  return { head, tree, loaded, order, layer: copcLayer(tree.nodes, loaded, true).geometry };
}

describe('COPC points with every LAS attribute', () => {
  it('gives each node the attributes its points have, and the layer every one, zeros for the points of nodes without it', async () => {
    const { head, loaded, order, layer } = await streamed();
    expect(loaded.size).toBeGreaterThan(3);
    const names = Object.keys(attributes(0));
    expect(Object.keys(layer.fields)).toEqual(names);
    expect(copcFieldNames(head)).toEqual(expect.arrayContaining(names));
    // a flag most nodes' points do not set is no field of theirs
    expect([...loaded.values()].filter((p) => !p.fields.withheld).length).toBeGreaterThan(0);
    for (const name of names) expect(Array.from(layer.fields[name]), name).toEqual(order.map((i) => attributes(i)[name]));
  });

  it('keeps a field of the nodes fetched before as those nodes are let go, zeros for the points held', async () => {
    const { tree, loaded } = await streamed();
    const held = new Map([...loaded].filter(([, p]) => !p.fields.withheld));
    expect(copcLayer(tree.nodes, held, true).geometry.fields.withheld).toBeUndefined();
    const { fields, positions } = copcLayer(tree.nodes, held, true, { withheld: new Uint8Array(0) }).geometry;
    expect(Array.from(fields.withheld)).toEqual(new Array(positions.length / 3).fill(0));
  });

  it('keeps every attribute in a LAS exported from the streamed layer and read back', async () => {
    const { head, layer } = await streamed();
    const { scale, offset, pointDataRecordFormat } = head.header;
    const out = writeLas(layer, {}, { origin: head.origin, lasGrid: { scale, offset, pointFormat: pointDataRecordFormat } });
    const read = await parseLas(out.bytes);
    expect(read.lasGrid?.pointFormat).toBe(pointDataRecordFormat);
    const back = read.data as PointCloud;
    expect(back.positions).toEqual(layer.positions);
    expect(back.colors).toEqual(layer.colors);
    expect(Object.keys(back.fields)).toEqual(Object.keys(layer.fields));
    for (const [name, values] of Object.entries(layer.fields)) expect(Array.from(back.fields[name]), name).toEqual(Array.from(values));
  });
});
