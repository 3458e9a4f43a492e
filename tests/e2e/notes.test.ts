// A note pinned to a point of a real ScanNet room as a person pins one: "Add note", a click on a
// point, its text typed; then seen over the view and in the screenshot, listed at the point's
// coordinates as the inspector gives them, framed from the panel, and gone with its layer; and kept in
// the browser, back when the same file is opened after a reload; and read from a notes file in a
// folder opened with its scan.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodePng } from '../../scripts/headless/png';
import { parseFiles } from '../../src/core/io';
import { writeNotesJson } from '../../src/core/notes/notesJson';
import { dropFiles, fixtureFile, lonePoints, quietPagePerSuite, saveScreenshot, waitForState } from './browser';

const SCENE = fixtureFile('e2e/scene0000_00.ply');

/** Pixels of the note label's border (#5fd4ff) inside `box` of a PNG of the canvas. */
function labelBorderPixels(png: { width: number; data: Uint8Array }, scale: number, box: { x: number; y: number; width: number; height: number }): number {
  let n = 0;
  for (let y = Math.floor(box.y * scale); y < (box.y + box.height) * scale; y++) {
    for (let x = Math.floor(box.x * scale); x < (box.x + box.width) * scale; x++) {
      const at = 4 * (y * png.width + x);
      const [r, g, b] = [png.data[at], png.data[at + 1], png.data[at + 2]];
      if (r < 140 && g > 170 && b > 220) n++;
    }
  }
  return n;
}

describe('notes', () => {
  let page: Page;
  quietPagePerSuite(SCENE, (shown) => (page = shown));

  it('pins a note to the point clicked, shows it over the view at the point\'s coordinates, frames it, and removes it with its layer', async () => {
    const lone = (await lonePoints(page)).sort((a, b) => a.at[0] - b.at[0]);
    expect(lone.length).toBeGreaterThan(10);
    // off the centre, so that framing it moves it there
    const p = lone[Math.floor(lone.length / 5)];
    await page.getByTestId('note-add').click();
    await waitForState(page, (s) => s.notes.adding);
    await page.mouse.click(p.at[0], p.at[1]);
    await waitForState(page, (s) => s.notes.pending !== null);
    await page.getByTestId('note-text').fill('crack here');
    await page.getByTestId('note-text').press('Enter');
    const s = await waitForState(page, (s) => s.notes.notes.length === 1 && !s.notes.adding);
    expect(s.notes.notes[0]).toMatchObject({ index: p.index, text: 'crack here' });

    // over the view, just above the point
    const label = page.getByTestId('note-label');
    await expect(label.textContent()).resolves.toBe('crack here');
    const box = (await label.boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - p.at[0])).toBeLessThan(2);
    expect(box.y + box.height).toBeLessThan(p.at[1]);

    // listed where the inspector puts the point, in the room's metres
    await page.mouse.click(p.at[0], p.at[1]);
    await waitForState(page, (s) => s.pick?.index === p.index);
    const inspected = await page.getByTestId('pick-position').textContent();
    await expect(page.getByTestId('note-position').textContent()).resolves.toBe(`${inspected} m`);

    // the screenshot holds the label the canvas alone has not
    const canvas = (await page.locator('canvas').first().boundingBox())!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('screenshot').click()]);
    const png = decodePng(new Uint8Array(readFileSync((await download.path())!)));
    const inCanvas = { ...box, x: box.x - canvas.x, y: box.y - canvas.y };
    expect(labelBorderPixels(png, png.width / canvas.width, inCanvas)).toBeGreaterThan(10);
    await saveScreenshot(page, 'note-pinned');

    // framed from the panel: the camera turns to the point, which comes to the view's centre
    await page.getByTestId('note-frame').click();
    await page.waitForFunction(
      ({ i, w, h }) => {
        const at = window.__pointlens?.project(i);
        return at && Math.hypot(at[0] - w / 2, at[1] - h / 2) < 2;
      },
      { i: p.index, w: canvas.width, h: canvas.height },
    );
    await saveScreenshot(page, 'note-framed');

    await page.getByTestId('layer-remove').first().click();
    const gone = await waitForState(page, (s) => s.layers.length === 0);
    expect(gone.notes.notes).toEqual([]);
    await expect(page.getByTestId('notice-message').textContent()).resolves.toBe(`1 note on ${SCENE.name} was removed with it.`);
    await expect(label.count()).resolves.toBe(0);
  });
});

describe('notes brought back: kept in the browser, or in a notes file in a folder', () => {
  let page: Page;
  quietPagePerSuite(SCENE, (shown) => (page = shown));

  it('brings a note back on the same file opened again after a reload', async () => {
    const lone = await lonePoints(page);
    const p = lone[Math.floor(lone.length / 2)];
    await page.getByTestId('note-add').click();
    await waitForState(page, (s) => s.notes.adding);
    await page.mouse.click(p.at[0], p.at[1]);
    await waitForState(page, (s) => s.notes.pending !== null);
    await page.getByTestId('note-text').fill('valve 3');
    await page.getByTestId('note-text').press('Enter');
    const pinned = (await waitForState(page, (s) => s.notes.notes.length === 1)).notes.notes[0];

    await page.reload();
    await waitForState(page, (s) => s.loading === null);
    await dropFiles(page, [SCENE]);
    const s = await waitForState(page, (s) => s.layer?.fileName === SCENE.name && s.loading === null && s.notes.notes.length > 0);
    expect(s.notes.notes).toHaveLength(1);
    expect(s.notes.notes[0]).toMatchObject({ text: 'valve 3', layerId: s.layer!.id });
    s.notes.notes[0].position.forEach((v, k) => expect(v).toBeCloseTo(pinned.position[k], 4));
    await expect(page.getByTestId('note-label').textContent()).resolves.toBe('valve 3');
    await expect(page.getByTestId('note').count()).resolves.toBe(1);
    await saveScreenshot(page, 'note-kept');
  });

  it('opens a folder picked with "Open folder…", then puts the notes of the notes file in it on the scan they name', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'pointlens-notes-')), 'site');
    mkdirSync(root);
    writeFileSync(join(root, SCENE.name), SCENE.bytes);
    const { positions } = (await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }])).data;
    const point: [number, number, number] = [positions[0], positions[1], positions[2]];
    writeFileSync(join(root, 'site.notes.json'), writeNotesJson([{ text: 'valve 7', layer: `site/${SCENE.name}`, point, unit: null }]));
    await page.getByTestId('folder-input').setInputFiles(root);
    const s = await waitForState(page, (s) => s.loading === null && s.notes.notes.some((n) => n.text === 'valve 7'));
    const layer = s.layers.find((e) => e.meta.fileName === `site/${SCENE.name}`)!.meta;
    expect(s.notes.notes.find((n) => n.text === 'valve 7')!.layerId).toBe(layer.id);
    expect(s.notice).toBe(`1 note imported onto site/${SCENE.name}.`);
    const label = page.getByTestId('note-label').filter({ hasText: 'valve 7' });
    await label.waitFor();
    await expect(label.count()).resolves.toBe(1);
    await saveScreenshot(page, 'note-from-folder');
  });
});
