import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { removeLayer } from '../../../src/features/layers/layers';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();
const at = (layerId: string, index: number) => ({ layerId, index, position: [index, 0, 0] as [number, number, number] });

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));

/** A scan, then two bathtubs beside it (the second active). */
async function threeLayers() {
  showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { up: { axis: '+z', source: 'sample' } });
  showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {} });
  showParseResult('tub2', 'bathtub_0002.off', await read('bathtub_0001.off'), 10, { add: {} });
}

describe('removing a layer', () => {
  it('says how many measurements went with it, those kept with other layers included', async () => {
    await threeLayers();
    store().activateLayer('scan');
    store().updateMeasure({ done: [{ id: 1, tool: 'distance', points: [at('scan', 0), at('scan', 1)] }, { id: 2, tool: 'distance', points: [at('scan', 0), at('tub', 1)] }] });
    store().activateLayer('tub2');
    store().updateMeasure({ done: [{ id: 3, tool: 'height', points: [at('tub', 1)] }, { id: 4, tool: 'distance', points: [at('tub2', 0), at('scan', 1)] }] });
    removeLayer('tub');
    expect(store().notice).toBe('2 measurements on bathtub_0001.off were removed with it.');
  });

  it('says so of the measurement being picked, and of one measurement in the singular', async () => {
    await threeLayers();
    store().updateMeasure({ tool: 'distance', current: [at('tub2', 3)], done: [{ id: 1, tool: 'height', points: [at('tub2', 1)] }] });
    removeLayer('tub2');
    expect(store().notice).toBe('1 measurement on bathtub_0002.off was removed with it, and the one being picked.');
  });

  it('says nothing where no measurement touched it', async () => {
    await threeLayers();
    store().updateMeasure({ done: [{ id: 1, tool: 'distance', points: [at('tub2', 0), at('scan', 1)] }] });
    removeLayer('tub');
    expect(store().notice).toBeNull();
    expect(store().measure.done.map((m) => m.id)).toEqual([1]);
  });
});
