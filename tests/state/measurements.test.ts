import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { floorHeight } from '../../src/core/geometry/measure';
import { floorOf, floorText, lengthUnitOf, measurementsOf, unitsSaid } from '../../src/state/measurements';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../src/state/store';
import type { PointCloud } from '../../src/core/types';
import { geoKeyRecord, las12 } from '../core/io/helpers';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) });
const point = (index: number) => {
  const { id, geometry } = useAppStore.getState().layerData!;
  const p = geometry.positions;
  return { layerId: id, index, position: [p[index * 3], p[index * 3 + 1], p[index * 3 + 2]] as [number, number, number] };
};

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null }));

describe('measurements of the shown layer', () => {
  it('are in metres on a room scan, from its floor plane, and follow the up axis', async () => {
    showParseResult('room', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 1, { up: { axis: '+z', source: 'detected' } });
    const s = useAppStore.getState();
    expect(lengthUnitOf(s)).toBe('m');
    expect(unitsSaid(s)).toBe('Metres, read as a room scan');
    const floor = floorOf(s);
    expect(floor).toBe(floorHeight(s.layerData!.geometry.positions, '+z'));
    s.updateMeasure({ tool: 'height', done: [{ id: 1, tool: 'height', points: [point(10)] }] });
    const [h] = measurementsOf(useAppStore.getState());
    expect(h.value).toBeCloseTo(point(10).position[2] - floor, 6);
    expect(h.text).toBe(`${h.value.toFixed(3)} m`);
    // drawn in the scene's frame, +z turned onto +y: the foot is under the point at the floor's height
    const [x, y, z] = point(10).position;
    expect(h.at[0][0]).toBeCloseTo(x, 6);
    expect(h.at[0][1]).toBeCloseTo(z, 6);
    expect(h.at[0][2]).toBeCloseTo(-y, 6);
    h.foot!.forEach((v, k) => expect(v).toBeCloseTo([x, floor, -y][k], 6));
  });

  it("read the floor of a room in survey coordinates at its height in the file, and measure it as the room near zero", async () => {
    const room = (await parseFiles([read('scene0000_00.ply')])).data as PointCloud;
    const n = room.positions.length / 3;
    const cloud: PointCloud = { ...room, fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } };
    showParseResult('near', 'near.las', await parseFiles([{ name: 'near.las', bytes: las12(cloud) }]), 1, { up: { axis: '+z', source: 'detected' } });
    const near = floorOf(useAppStore.getState());
    showParseResult('far', 'far.las', await parseFiles([{ name: 'far.las', bytes: las12(cloud, [512_345, 4_123_456, 118]) }]), 1, { up: { axis: '+z', source: 'detected' } });
    const s = useAppStore.getState();
    expect(s.layer!.origin).toBeDefined();
    expect(floorText(s)).toBe(`${(near + 118).toFixed(1)} m`);
  });

  it('are in the unit a room too tall for metres is read in: millimetres', async () => {
    const room = await parseFiles([read('scene0000_00.ply')]);
    const mm = { ...room, data: { ...room.data, positions: room.data.positions.map((v) => v * 1000) } };
    showParseResult('mm', 'scene0000_mm.ply', mm, 1, { up: { axis: '+z', source: 'detected' } });
    const s = useAppStore.getState();
    expect(lengthUnitOf(s)).toBe('mm');
    expect(unitsSaid(s)).toBe('Millimetres, read as a room scan');
    s.updateMeasure({ tool: 'distance', done: [{ id: 1, tool: 'distance', points: [point(0), point(1)] }] });
    const [d] = measurementsOf(useAppStore.getState());
    expect(d.text).toMatch(/^[\d.]+ mm$/);
    expect(parseFloat(d.text)).toBeCloseTo(d.value, 0);
  });

  it('are in the unit a LAS file declares: US survey feet', async () => {
    const room = await parseFiles([read('scene0000_00.ply')]);
    const cloud = { ...room.data, positions: room.data.positions.map((v) => v / 0.3048006096), fields: { instance: new Uint16Array(room.data.positions.length / 3), label: new Uint8Array(room.data.positions.length / 3) } };
    const bytes = las12(cloud as PointCloud, [0, 0, 0], [geoKeyRecord([[3076, 9003]])]);
    showParseResult('las', 'room.las', await parseFiles([{ name: 'room.las', bytes }]), 1, { up: { axis: '+z', source: 'format' } });
    const s = useAppStore.getState();
    expect(lengthUnitOf(s)).toBe('US ft');
    // the panel said "Metres (a room scan)" of any unit the file declared
    expect(unitsSaid(s)).toBe('US survey feet, as the file declares');
    s.updateMeasure({ tool: 'distance', done: [{ id: 1, tool: 'distance', points: [point(0), point(1)] }] });
    const [d] = measurementsOf(useAppStore.getState());
    expect(d.text).toBe(`${d.value.toFixed(3)} US ft`);
  });

  it('are in the file\'s own units on an object, whose floor is its lowest point', async () => {
    showParseResult('tub', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 1);
    const s = useAppStore.getState();
    expect(lengthUnitOf(s)).toBe('');
    expect(unitsSaid(s)).toBe("The file's own units (it declares none, and it is not read as a room scan)");
    const up = s.settings.upAxis;
    const u = 'xyz'.indexOf(up[1]);
    expect(floorOf(s)).toBe(up[0] === '+' ? s.layer!.bounds.min[u] : -s.layer!.bounds.max[u]);
    s.updateMeasure({ tool: 'distance', current: [point(0)], done: [{ id: 1, tool: 'distance', points: [point(0), point(1)] }] });
    const [d, picking] = measurementsOf(useAppStore.getState());
    expect(d.text).toMatch(/ units$/);
    expect(picking.id).toBeNull();
    expect(picking.value).toBeNaN();
  });

  it('go with the layer they were taken on', async () => {
    showParseResult('tub', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 1);
    useAppStore.getState().updateMeasure({ tool: 'distance', done: [{ id: 1, tool: 'distance', points: [point(0), point(1)] }] });
    showParseResult('room', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 1);
    expect(useAppStore.getState().measure).toMatchObject({ tool: 'distance', done: [], current: [] });
  });
});

describe('measurements between layers', () => {
  it('are taken where the layers are drawn, and follow a change of either layer\'s transform', async () => {
    showParseResult('room', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 1, { up: { axis: '+z', source: 'detected' } });
    const [a, b] = [point(10), point(2000)];
    showParseResult('tub', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 1, { add: {}, up: { axis: '+y', source: 'format' } });
    const c = point(5);
    const s = useAppStore.getState();
    s.activateLayer('room');
    s.updateMeasure({ done: [{ id: 1, tool: 'distance', points: [a, b] }, { id: 2, tool: 'distance', points: [a, c] }, { id: 3, tool: 'height', points: [a] }] });
    // the room's +z is turned onto the scene's +y, the bathtub stands on +y as it is
    const inScene = ([x, y, z]: readonly number[]) => [x, z, -y];
    const d = (p: readonly number[], q: readonly number[]) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    const floor = floorOf(useAppStore.getState());
    let [ab, ac, h] = measurementsOf(useAppStore.getState());
    expect(ab.value).toBeCloseTo(d(a.position, b.position), 5);
    expect(ac.value).toBeCloseTo(d(inScene(a.position), c.position), 5);
    expect(h.value).toBeCloseTo(a.position[2] - floor, 5);

    // the room doubled about its centre: its lengths and heights double
    s.updateLayer('room', { transform: { translate: [0, 0, 0], rotateDeg: 0, scale: 2 } });
    const { min, max } = useAppStore.getState().layer!.bounds;
    const centre = [0, 1, 2].map((k) => (min[k] + max[k]) / 2);
    const doubled = a.position.map((v, k) => centre[k] + 2 * (v - centre[k]));
    [ab, ac, h] = measurementsOf(useAppStore.getState());
    expect(ab.value).toBeCloseTo(2 * d(a.position, b.position), 5);
    expect(ac.value).toBeCloseTo(d(inScene(doubled), c.position), 5);
    expect(h.value).toBeCloseTo(2 * (a.position[2] - floor), 5);
    expect(h.text).toBe(`${h.value.toFixed(3)} m`);

    // the bathtub moved 1 along its x: the distance to its point is measured to where it went
    s.updateLayer('tub', { transform: { translate: [1, 0, 0], rotateDeg: 0, scale: 1 } });
    [ab, ac] = measurementsOf(useAppStore.getState());
    expect(ab.value).toBeCloseTo(2 * d(a.position, b.position), 5);
    expect(ac.value).toBeCloseTo(d(inScene(doubled), [c.position[0] + 1, c.position[1], c.position[2]]), 5);
    // drawn there too: the line's ends are the placed points
    ac.at[1].forEach((v, k) => expect(v).toBeCloseTo([c.position[0] + 1, c.position[1], c.position[2]][k], 5));
  });
});
