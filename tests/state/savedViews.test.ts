import { describe, expect, it } from 'vitest';
import { encodeSavedViews, nextViewName, readSavedViews, savedViewsKey, SAVED_VIEWS_PREFIX } from '../../src/state/savedViews';
import type { SavedView } from '../../src/state/slices/views';

const VIEW: SavedView = { name: 'Door', position: [2, 1.5, 2.5], target: [0, 0.5, 0], up: [0, 1, 0] };

describe('the key saved views are kept under', () => {
  it("is the scene's first file's name and point count", () => {
    expect(savedViewsKey({ fileName: 'scene0000_00.ply', points: 25_000 })).toBe(`${SAVED_VIEWS_PREFIX}scene0000_00.ply|25000`);
  });

  it("counts a decimated or streamed file's points in the file, not those held now", () => {
    expect(savedViewsKey({ fileName: 'big.las', points: 83_334, decimated: { every: 12, total: 1_000_000 } as never })).toBe(`${SAVED_VIEWS_PREFIX}big.las|1000000`);
    expect(savedViewsKey({ fileName: 'a.copc.laz', points: 5_000, stream: { filePoints: 2_000_000 } as never })).toBe(`${SAVED_VIEWS_PREFIX}a.copc.laz|2000000`);
  });
});

describe('saved views read back', () => {
  it('are the views written', () => {
    const views = [VIEW, { ...VIEW, name: 'From the window', position: [-3, 2, 1] as [number, number, number] }];
    expect(readSavedViews(encodeSavedViews(views))).toEqual({ views, problem: null });
  });

  it('are none, without a word, where none were kept', () => {
    expect(readSavedViews(null)).toEqual({ views: [], problem: null });
  });

  it('are none, with a word, where the text is not JSON or not a list', () => {
    expect(readSavedViews('{not json')).toEqual({ views: [], problem: expect.stringMatching(/not JSON/) });
    expect(readSavedViews('{"name":"Door"}')).toEqual({ views: [], problem: expect.stringMatching(/not a list/) });
  });

  it('leave out, and count, entries that are no view', () => {
    const text = JSON.stringify([
      VIEW,
      { ...VIEW, position: [1, 2] },
      { ...VIEW, target: [0, 'a', 0] },
      { ...VIEW, up: [0, 0, 0] },
      { ...VIEW, name: '  ' },
      { ...VIEW, target: VIEW.position },
      { ...VIEW, position: [null, 0, 0] },
      42,
      null,
    ]);
    expect(readSavedViews(text)).toEqual({ views: [VIEW], problem: '8 of the 9 saved views of this file could not be read and were left out' });
    expect(readSavedViews(JSON.stringify([VIEW, 'x'])).problem).toBe('1 of the 2 saved views of this file could not be read and was left out');
  });

  it('keep only what a view holds, its name cut to 80 characters', () => {
    const [read] = readSavedViews(JSON.stringify([{ ...VIEW, name: 'n'.repeat(200), extra: 'x' }])).views;
    expect(read).toEqual({ ...VIEW, name: 'n'.repeat(80) });
  });
});

describe("a new view's name", () => {
  it('is the first "View n" not taken', () => {
    expect(nextViewName([])).toBe('View 1');
    expect(nextViewName([{ name: 'View 1' }, { name: 'Door' }])).toBe('View 2');
    expect(nextViewName([{ name: 'View 2' }])).toBe('View 1');
  });
});
