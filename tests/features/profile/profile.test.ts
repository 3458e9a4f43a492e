import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { addProfilePoint, cancelProfile, finishProfile, toggleProfileDrawing, undoProfilePoint } from '../../../src/features/profile/profile';
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
