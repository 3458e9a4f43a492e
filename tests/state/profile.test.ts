import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { floorHeight } from '../../src/core/geometry/measure';
import { heightsSaid, placedProfileWidthOf, profileColorsOf, profileOf, profileWidthOf, profileZeroOf } from '../../src/state/profile';
import { placementOf } from '../../src/state/placement';
import { placedInFile } from '../../src/core/layers/placement';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../src/state/store';
import type { Profile } from '../../src/core/geometry/profile';
import type { PointCloud } from '../../src/core/types';
import { las12 } from '../core/io/helpers';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));

/** A line across the shown layer's middle along x, at its points' own heights. */
function lineAcross() {
  const { bounds } = store().layer!;
  const y = (bounds.min[1] + bounds.max[1]) / 2;
  const at = (x: number) => ({ index: 0, position: [x, y, 0] as [number, number, number] });
  store().updateProfile({ line: [at(bounds.min[0]), at(bounds.max[0])] });
}

describe('the active layer\'s height profile', () => {
  it('reads a room scan\'s heights from the floor Measure uses, in a corridor of a width that suits the room', async () => {
    showParseResult('room', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'detected' } });
    expect(profileOf(store())).toBeNull();
    lineAcross();
    const s = store();
    const positions = s.layerData!.geometry.positions;
    expect(profileZeroOf(s)).toBe(floorHeight(positions, '+z'));
    expect(heightsSaid(s)).toMatch(/^Heights above the floor at -?\d+\.\d{3} m, as Measure reads them$/);
    expect(profileWidthOf(s)).toBeCloseTo(0.2, 12);
    const p = profileOf(s) as Profile;
    expect(p.found).toBeGreaterThan(100);
    const i = p.indices[0];
    expect(p.heights[0]).toBeCloseTo(positions[3 * i + 2] - floorHeight(positions, '+z'), 6);
    // a width typed in the panel
    s.updateProfile({ width: 0.05 });
    expect((profileOf(store()) as Profile).found).toBeLessThan(p.found);
    s.updateProfile({ width: -1 });
    expect(profileOf(store())).toEqual({ error: "a profile's corridor needs a width above 0 (it is -1)" });
  });

  it('leaves out what the section cuts away and the classes the legend hides', async () => {
    showParseResult('room', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'detected' } });
    lineAcross();
    const all = profileOf(store()) as Profile;
    const positions = store().layerData!.geometry.positions;
    const cut = floorHeight(positions, '+z') + 1;
    store().updateClip({ section: cut });
    const below = profileOf(store()) as Profile;
    expect(below.found).toBeLessThan(all.found);
    for (const i of below.indices) expect(positions[3 * i + 2]).toBeLessThanOrEqual(cut);
    store().updateClip({ section: null });
    store().updateSettings({ colorMode: 'field:label', hiddenLabels: { 'field:label': [1] } });
    const label = store().layerData!.geometry.fields.label;
    const shown = profileOf(store()) as Profile;
    expect(shown.found).toBe(all.found - [...all.indices].filter((i) => label[i] === 1).length);
    expect(shown.found).toBeLessThan(all.found);
  });

  it("reads a LAS file's heights as its elevations, in survey coordinates too", async () => {
    const room = (await read('scene0000_00.ply')).data as PointCloud;
    const n = room.positions.length / 3;
    const cloud: PointCloud = { ...room, fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } };
    showParseResult('far', 'far.las', await parseFiles([{ name: 'far.las', bytes: las12(cloud, [512_345, 4_123_456, 118]) }]), 1, { up: { axis: '+z', source: 'detected' } });
    lineAcross();
    const s = store();
    expect(s.layer!.origin).toBeDefined();
    expect(heightsSaid(s)).toBe("Heights are the file's own elevations");
    const p = profileOf(s) as Profile;
    const i = p.indices[0];
    expect(p.heights[0]).toBeCloseTo(s.layerData!.geometry.positions[3 * i + 2] + s.layer!.origin![2], 4);
    expect(p.heights[0]).toBeGreaterThan(100);
  });

  it('reads as a scaled, moved and turned layer is drawn: its distances, length and heights times its scale, as Measure reads them', async () => {
    showParseResult('room', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'detected' } });
    lineAcross();
    const own = profileOf(store()) as Profile;
    store().updateLayer('room', { transform: { translate: [1, -2, 3], rotateDeg: 30, scale: 2 } });
    const placed = profileOf(store()) as Profile;
    expect([...placed.indices]).toEqual([...own.indices]);
    expect(placed.length).toBeCloseTo(2 * own.length, 9);
    for (let k = 0; k < own.indices.length; k += 97) {
      expect(placed.distances[k]).toBeCloseTo(2 * own.distances[k], 6);
      // the floor is placed with the layer: a move along up changes no height above it
      expect(placed.heights[k]).toBeCloseTo(2 * own.heights[k], 6);
    }
    expect(heightsSaid(store())).toMatch(/as the layer is drawn, scaled by 2$/);
    // the corridor is the layer's: it is as wide on screen as the panel says, twice the file's width
    expect(profileWidthOf(store())).toBeCloseTo(0.2, 12);
    expect(placedProfileWidthOf(store())).toBeCloseTo(0.4, 12);
  });

  it("reads a scaled LAS file's elevations where the layer puts its points", async () => {
    const room = (await read('scene0000_00.ply')).data as PointCloud;
    const n = room.positions.length / 3;
    const cloud: PointCloud = { ...room, fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } };
    showParseResult('far', 'far.las', await parseFiles([{ name: 'far.las', bytes: las12(cloud, [512_345, 4_123_456, 118]) }]), 1, { up: { axis: '+z', source: 'detected' } });
    lineAcross();
    store().updateLayer('far', { transform: { translate: [0, 0, 10], rotateDeg: 0, scale: 2 } });
    const s = store();
    const p = profileOf(s) as Profile;
    const placement = placementOf(s, 'far')!;
    const positions = s.layerData!.geometry.positions;
    for (const k of [0, p.indices.length - 1]) {
      const i = p.indices[k];
      const z = placedInFile([positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]], placement)[2];
      expect(p.heights[k]).toBeCloseTo(z, 3);
    }
  });

  it('colours its points as the layer is drawn', async () => {
    showParseResult('room', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'detected' } });
    lineAcross();
    const p = profileOf(store()) as Profile;
    const colors = store().layerData!.geometry.colors!;
    expect(store().settings.colorMode).toBe('rgb');
    const rgb = profileColorsOf(store(), p.indices);
    for (let k = 0; k < p.indices.length; k++) for (let c = 0; c < 3; c++) expect(rgb[3 * k + c]).toBe(colors[3 * p.indices[k] + c]);
    // a uniform colour, painted whole
    store().updateSettings({ colorMode: 'uniform', uniformColor: '#ff8000' });
    expect([...profileColorsOf(store(), p.indices).slice(0, 3)]).toEqual([255, 128, 0]);
  });
});

describe('a profile goes with its layer', () => {
  it('is parked with the layer it was drawn on and comes back with it, its drawing tool put down and its hover let go', async () => {
    showParseResult('room', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'detected' } });
    lineAcross();
    store().updateProfile({ width: 0.3, drawing: true, current: [{ index: 1, position: [0, 0, 0] }], enlarged: true, hover: { index: 2, position: [0, 0, 0] } });
    const line = store().profile.line;
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 1, { add: {} });
    expect(store().profile).toEqual({ drawing: false, current: [], line: null, width: null, enlarged: false, hover: null });
    store().activateLayer('room');
    expect(store().profile).toEqual({ drawing: false, current: [], line, width: 0.3, enlarged: true, hover: null });
    expect((profileOf(store()) as Profile).found).toBeGreaterThan(0);
  });
});
