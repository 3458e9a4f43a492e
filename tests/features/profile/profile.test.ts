import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import {
  addProfilePoint,
  cancelProfile,
  clearProfile,
  closeEnlargedProfile,
  enlargeProfile,
  finishProfile,
  hoverProfilePoint,
  inspectProfilePoint,
  toggleProfileDrawing,
  undoProfilePoint,
} from '../../../src/features/profile/profile';
import { profileCutOf } from '../../../src/features/profile/useProfileCut';
import type { Profile } from '../../../src/core/geometry/profile';
import { chooseTool } from '../../../src/features/measure/measure';
import { pickableLayers, pickPoint } from '../../../src/features/viewer/viewer';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();
const corners = () => store().profile.current.map((p) => p.index);

beforeEach(async () => {
  useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null });
  showParseResult('room', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'detected' } });
});

describe('drawing a profile\'s line', () => {
  it('takes clicks as corners, finishes on Enter or a second click on the last corner, and puts the tool down', () => {
    toggleProfileDrawing();
    expect(store().profile.drawing).toBe(true);
    pickPoint('room', 10);
    pickPoint('room', -1);
    pickPoint('room', 20);
    pickPoint('room', 30);
    expect(corners()).toEqual([10, 20, 30]);
    undoProfilePoint();
    expect(corners()).toEqual([10, 20]);
    // a double-click: the same point twice
    pickPoint('room', 20);
    const s = store();
    expect(s.profile.drawing).toBe(false);
    expect(s.profile.line!.map((p) => p.index)).toEqual([10, 20]);
    expect(s.profile.line![0].position).toEqual([...s.layerData!.geometry.positions.slice(30, 33)]);
    // clicks inspect again
    pickPoint('room', 40);
    expect(store().pick?.index).toBe(40);
    toggleProfileDrawing();
    addProfilePoint('room', 5);
    finishProfile();
    expect(store().profile.drawing).toBe(true);
    addProfilePoint('room', 6);
    finishProfile();
    expect(store().profile.line!.map((p) => p.index)).toEqual([5, 6]);
  });

  it('drops the corners with Escape, then the tool; takes the measure tool\'s place and gives it back', async () => {
    chooseTool('distance');
    toggleProfileDrawing();
    expect(store().measure.tool).toBeNull();
    addProfilePoint('room', 1);
    expect(cancelProfile()).toBe(true);
    expect(store().profile).toMatchObject({ drawing: true, current: [] });
    expect(cancelProfile()).toBe(true);
    expect(store().profile.drawing).toBe(false);
    expect(cancelProfile()).toBe(false);
    toggleProfileDrawing();
    chooseTool('height');
    expect(store().profile.drawing).toBe(false);
  });

  it('picks on the active layer alone while the line is drawn', async () => {
    showParseResult('odd', 'scene0000_00_odd.ply', await read('scene0000_00_odd.ply'), 1, { add: {}, up: { axis: '+z', source: 'detected' } });
    expect(Object.keys(pickableLayers()).sort()).toEqual(['odd', 'room']);
    toggleProfileDrawing();
    expect(Object.keys(pickableLayers())).toEqual(['odd']);
    addProfilePoint('room', 3);
    expect(corners()).toEqual([]);
  });
});

describe('the plot tied to the scene', () => {
  /** a finished line between points 10 and 5000 of the room */
  function drawLine() {
    toggleProfileDrawing();
    pickPoint('room', 10);
    pickPoint('room', 5000);
    finishProfile();
  }

  it('marks the hovered point where it lies in the layer, lets it go, and drops it with the line', () => {
    drawLine();
    hoverProfilePoint(42);
    const p = store().layerData!.geometry.positions;
    expect(store().profile.hover).toEqual({ index: 42, position: [p[126], p[127], p[128]] });
    hoverProfilePoint(null);
    expect(store().profile.hover).toBeNull();
    hoverProfilePoint(7);
    clearProfile();
    expect(store().profile).toMatchObject({ line: null, hover: null });
  });

  it('inspects a clicked point as a click in the scene does, even while a tool is in hand', () => {
    drawLine();
    pickPoint('room', 123);
    const fromScene = store().pick;
    store().setPick(null);
    toggleProfileDrawing();
    inspectProfilePoint(123);
    expect(store().pick).toEqual(fromScene);
    expect(store().profile.current).toEqual([]);
    inspectProfilePoint(-1);
    inspectProfilePoint(store().layerData!.geometry.positions.length / 3);
    expect(store().pick?.index).toBe(123);
  });

  it('puts the large plot away with the line it showed: the next line does not open it by itself', () => {
    drawLine();
    enlargeProfile(true);
    clearProfile();
    expect(store().profile.enlarged).toBe(false);
    drawLine();
    expect(store().profile).toMatchObject({ enlarged: false });
    expect(store().profile.line).not.toBeNull();
  });

  it('opens and closes the large plot; Escape closes it only where it is open', () => {
    expect(closeEnlargedProfile()).toBe(false);
    enlargeProfile(true);
    expect(store().profile.enlarged).toBe(true);
    expect(closeEnlargedProfile()).toBe(true);
    expect(store().profile.enlarged).toBe(false);
  });

  it('cuts once for both plots: a hover or the large plot changes nothing of the cut, a new width cuts again', () => {
    drawLine();
    const first = profileCutOf(store());
    expect((first.result as Profile).indices.length).toBeGreaterThan(0);
    expect(first.colors).toHaveLength((first.result as Profile).indices.length * 3);
    hoverProfilePoint(3);
    enlargeProfile(true);
    expect(profileCutOf(store())).toBe(first);
    store().updateProfile({ width: 0.05 });
    const narrower = profileCutOf(store());
    expect(narrower).not.toBe(first);
    expect((narrower.result as Profile).found).toBeLessThan((first.result as Profile).found);
    clearProfile();
    expect(profileCutOf(store())).toEqual({ result: null, colors: null });
  });
});
