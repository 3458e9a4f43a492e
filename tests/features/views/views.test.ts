// The views feature over the store, with a storage of the test's own: which views a scene offers,
// what is kept, and what is said of views that cannot be read or kept.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CameraView } from '../../../src/core/geometry/cameraView';
import { parseFiles } from '../../../src/core/io';
import type { ParseResult } from '../../../src/core/types';
import { connectViews, deleteView, goToView, openLinkedView, renameView, saveView, viewLink } from '../../../src/features/views/views';
import { savedViewsKey } from '../../../src/state/savedViews';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { memoryStorage } from '../memoryStorage';

const store = () => useAppStore.getState();

/** An .xyz file of `n` points on a slope, read as the app reads it. */
const clouds = new Map<number, ParseResult>();
async function readClouds(): Promise<void> {
  for (const n of [5, 10, 11]) {
    const text = Array.from({ length: n }, (_, i) => `${i} ${i % 3} ${i / 2}`).join('\n');
    clouds.set(n, await parseFiles([{ name: 'cloud.xyz', bytes: new TextEncoder().encode(text) }]));
  }
}
const cloud = (n: number) => clouds.get(n)!;

let camera: CameraView = { position: [3, 2, 1], target: [0, 0, 0], up: [0, 1, 0] };
let stop: () => void = () => undefined;

beforeAll(readClouds);
beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));
afterEach(() => stop());

const KEY_A = savedViewsKey({ fileName: 'a.xyz', points: 10 });

describe('saved views', () => {
  it('are saved as "View n" and kept under the first file\'s name and point count', () => {
    const storage = memoryStorage();
    stop = connectViews(() => camera, storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    saveView();
    camera = { ...camera, position: [-3, 2, 1] };
    saveView();
    expect(store().views.saved.map((v) => v.name)).toEqual(['View 1', 'View 2']);
    expect(JSON.parse(storage.items.get(KEY_A)!)).toEqual([
      { name: 'View 1', position: [3, 2, 1], target: [0, 0, 0], up: [0, 1, 0] },
      { name: 'View 2', position: [-3, 2, 1], target: [0, 0, 0], up: [0, 1, 0] },
    ]);
  });

  it('come back when the same file is opened again, and not for another', () => {
    const storage = memoryStorage();
    storage.setItem(KEY_A, JSON.stringify([{ name: 'Door', ...camera }]));
    stop = connectViews(() => camera, storage);
    showParseResult('b', 'a.xyz', cloud(11), 1);
    expect(store().views.saved).toEqual([]);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    expect(store().views.saved.map((v) => v.name)).toEqual(['Door']);
  });

  it('stay while layers are added and another is made active', () => {
    stop = connectViews(() => camera, memoryStorage());
    showParseResult('a', 'a.xyz', cloud(10), 1);
    saveView();
    showParseResult('b', 'b.xyz', cloud(5), 1, { add: {} });
    store().activateLayer('b');
    expect(store().views.saved.map((v) => v.name)).toEqual(['View 1']);
  });

  it('stay where the layer that named the scene is removed, and are kept under its name still', () => {
    const storage = memoryStorage();
    stop = connectViews(() => camera, storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    showParseResult('b', 'b.xyz', cloud(5), 1, { add: {} });
    store().removeLayer('a');
    saveView();
    expect(store().views.saved.map((v) => v.name)).toEqual(['View 1']);
    expect(JSON.parse(storage.items.get(KEY_A)!)).toHaveLength(1);
  });

  it("give way to a new file's own where it replaces every layer", () => {
    const storage = memoryStorage();
    storage.setItem(savedViewsKey({ fileName: 'b.xyz', points: 5 }), JSON.stringify([{ name: 'Door', ...camera }]));
    stop = connectViews(() => camera, storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    saveView();
    showParseResult('b', 'b.xyz', cloud(5), 1);
    expect(store().views.saved.map((v) => v.name)).toEqual(['Door']);
    store().removeLayer('b');
    expect(store().views).toMatchObject({ key: null, saved: [] });
  });

  it('are renamed, a blank name leaving the old one, and deleted', () => {
    const storage = memoryStorage();
    stop = connectViews(() => camera, storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    saveView();
    saveView();
    renameView(0, '  Front door  ');
    renameView(1, '   ');
    expect(store().views.saved.map((v) => v.name)).toEqual(['Front door', 'View 2']);
    deleteView(0);
    expect(JSON.parse(storage.items.get(KEY_A)!).map((v: { name: string }) => v.name)).toEqual(['View 2']);
  });

  it('send the camera there, eased, each click a new request', () => {
    stop = connectViews(() => camera, memoryStorage());
    showParseResult('a', 'a.xyz', cloud(10), 1);
    saveView();
    goToView(0);
    goToView(0);
    expect(store().views.goTo).toEqual({ view: { name: 'View 1', ...camera }, seq: 2, ease: true });
  });

  it('are not saved where no file is shown', () => {
    stop = connectViews(() => camera, memoryStorage());
    saveView();
    expect(store().views.saved).toEqual([]);
  });

  it('that were edited by hand into no views are left out with a word, the others kept', () => {
    const storage = memoryStorage();
    storage.setItem(KEY_A, JSON.stringify([{ name: 'Door', ...camera }, { name: 'Broken', position: 'here' }]));
    stop = connectViews(() => camera, storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    expect(store().views.saved.map((v) => v.name)).toEqual(['Door']);
    expect(store().notice).toBe('1 of the 2 saved views of this file could not be read and was left out.');
    // what could not be read stays stored until the person saves over it
    expect(storage.items.get(KEY_A)).toMatch(/Broken/);
  });

  it('that cannot be written are said to last only while the page is open', () => {
    stop = connectViews(() => camera, memoryStorage({ full: true }));
    showParseResult('a', 'a.xyz', cloud(10), 1);
    saveView();
    expect(store().views.saved).toHaveLength(1);
    expect(store().notice).toMatch(/could not be kept in this browser \(The quota has been exceeded\)/);
  });
});

describe('a link to a view', () => {
  /** the page at `search`, its address rewritten as the app rewrites it */
  function pageAt(search: string) {
    const page = { origin: 'https://pointlens.test', pathname: '/', search };
    vi.stubGlobal('location', page);
    vi.stubGlobal('history', { replaceState: (_: unknown, __: string, url: string) => void (page.search = url) });
    return page;
  }
  afterEach(() => vi.unstubAllGlobals());

  it('carries the up axis the person chose, and none where the file keeps its own', () => {
    pageAt('?sample=room&view=1,1,1,0,0,0,0,1,0&up=-x');
    stop = connectViews(() => ({ position: [3, 2, 1], target: [0, 0, 0], up: [0, 1, 0] }), memoryStorage());
    showParseResult('a', 'a.xyz', cloud(10), 1, { up: { axis: '+z', source: 'detected' } });
    expect(viewLink()).toBe('https://pointlens.test/?sample=room&view=3,2,1,0,0,0,0,1,0');
    store().updateSettings({ upAxis: '+y' });
    const link = viewLink()!;
    expect(link).toBe('https://pointlens.test/?sample=room&up=%2By&view=3,2,1,0,0,0,0,1,0');
    expect(new URL(link).searchParams.get('up')).toBe('+y');
  });

  it('turns the file to its up axis before the camera goes to its view, and leaves the address', async () => {
    const page = pageAt('?sample=room&up=%2By&view=3,2,1,0,0,0,0,1,0');
    let show = () => undefined as void;
    const opened = openLinkedView(new Promise<void>((resolve) => (show = resolve)));
    expect(page.search).toBe('?sample=room');
    showParseResult('a', 'a.xyz', cloud(10), 1, { up: { axis: '+z', source: 'detected' } });
    const order: string[] = [];
    const unsubscribe = useAppStore.subscribe((s, before) => {
      if (s.settings.upAxis !== before.settings.upAxis) order.push(`up ${s.settings.upAxis}`);
      if (s.views.goTo !== before.views.goTo) order.push('view');
    });
    show();
    await opened;
    unsubscribe();
    expect(order).toEqual(['up +y', 'view']);
    expect(store().views.goTo).toMatchObject({ view: { position: [3, 2, 1] }, ease: false });
    expect(store().notice).toBeNull();
  });

  it('that names no axis is said, the file keeping its own up and still going to the view', async () => {
    pageAt('?sample=room&up=sideways&view=3,2,1,0,0,0,0,1,0');
    showParseResult('a', 'a.xyz', cloud(10), 1, { up: { axis: '+z', source: 'detected' } });
    await openLinkedView(Promise.resolve());
    expect(store().settings.upAxis).toBe('+z');
    expect(store().views.goTo).toMatchObject({ view: { position: [3, 2, 1] } });
    expect(store().notice).toBe('The link\'s up axis "sideways" could not be read (it is none of +x, -x, +y, -y, +z, -z): the file keeps its own.');
  });
});
