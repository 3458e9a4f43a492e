// Saved views as a person uses them: open a sample, save the view, turn and zoom away, click the
// view to come back to the same picture, then open the link to the view and find the camera there.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasImage, countChanged, launchApp, saveScreenshot, startWithSettings, waitForState } from './browser';
import type { DecodedImage } from '../../scripts/headless/png';
import type { CameraView } from '../../src/core/geometry/cameraView';

const SAMPLE = 'shapenet-chair-356fc758';

const cameraView = (page: Page) => page.evaluate(() => window.__pointlens?.cameraView() ?? null);

/** How far apart two views are: the largest difference of their nine numbers. */
function apart(a: CameraView | null, b: CameraView): number {
  if (!a) return Infinity;
  return Math.max(...(['position', 'target', 'up'] as const).flatMap((k) => a[k].map((x, i) => Math.abs(x - b[k][i]))));
}

/** The part of the canvas between the side columns (the panels float over it, and the Views panel changes as views are saved). */
async function between(page: Page, image: DecodedImage): Promise<DecodedImage> {
  const canvas = (await page.locator('canvas').first().boundingBox())!;
  const [left, right] = await Promise.all(['left', 'right'].map(async (side) => (await page.getByTestId(`panels-${side}`).boundingBox())!));
  const [x0, x1] = [Math.ceil(left.x + left.width - canvas.x), Math.floor(right.x - canvas.x)];
  const width = x1 - x0;
  const data = new Uint8Array(width * image.height * 4);
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(4 * (y * image.width + x0), 4 * (y * image.width + x1)), 4 * y * width);
  return { ...image, width, data } as DecodedImage;
}

async function shownSample(page: Page): Promise<void> {
  await waitForState(page, (s) => s.layer !== null && s.loading === null && s.views.key !== null);
  await page.waitForFunction(() => window.__pointlens?.cameraView());
}

describe('saved views', () => {
  it('bring the camera back to a saved view, and a link opens the file at it', async () => {
    const app = await launchApp('webgl');
    try {
      await startWithSettings(app, { autoRecognise: false });
      const page = await app.open({ sample: SAMPLE });
      await page.keyboard.press('Escape');
      await shownSample(page);
      const first = await between(page, await canvasImage(page));
      await page.getByTestId('save-view').click();
      await expect.poll(() => page.getByTestId('saved-view').count()).toBe(1);
      const saved = (await waitForState(page, (s) => s.views.saved.length === 1)).views.saved[0];
      expect(saved.name).toBe('View 1');
      expect(apart(await cameraView(page), saved)).toBe(0);

      // turn and zoom away, as a person does
      const box = (await page.locator('canvas').boundingBox())!;
      const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + 220, cy + 60, { steps: 8 });
      await page.mouse.up();
      await page.mouse.wheel(0, -400);
      await expect.poll(async () => apart(await cameraView(page), saved)).toBeGreaterThan(0.1);
      const away = await between(page, await canvasImage(page));
      expect(countChanged(first, away)).toBeGreaterThan(first.width * first.height * 0.01);

      await page.getByTestId('go-to-view').click();
      await expect.poll(async () => apart(await cameraView(page), saved)).toBeLessThan(1e-6);
      const back = await between(page, await canvasImage(page));
      expect(countChanged(first, back)).toBeLessThan(first.width * first.height * 0.001);
      await saveScreenshot(page, 'views-back');

      await page.getByTestId('copy-view-link').click();
      const link = await page.getByTestId('view-link').inputValue();
      expect(link).toMatch(new RegExp(`[?&]sample=${SAMPLE}(&|$)`));
      expect(link).toMatch(/&view=(-?[\d.]+,){8}-?[\d.]+$/);
      await saveScreenshot(page, 'views-link-made');
      // the link, opened afresh: the same file with the camera at the view (within its rounding), the view listed again
      await page.goto(link);
      await shownSample(page);
      await expect.poll(async () => apart(await cameraView(page), saved)).toBeLessThan(1e-4);
      expect(new URL(page.url()).searchParams.has('view')).toBe(false);
      await expect.poll(() => page.getByTestId('saved-view').count()).toBe(1);
      await saveScreenshot(page, 'views-link');
    } finally {
      await app.close();
    }
  });
});
