// Eye-dome lighting end to end on both renderers: a ScanNet room in one uniform colour, as a
// colourless scan looks, gains its shading when the toggle is on and loses it when it is off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasImage, countChanged, dropFiles, fixtureFile, launchApp, saveScreenshot, startWithSettings, waitForState, type App, type RendererFlags } from './browser';

const SCENE = fixtureFile('e2e/scene0000_00.ply');

for (const flags of ['webgl', 'webgpu'] as RendererFlags[]) {
  describe(`eye-dome lighting on ${flags}`, () => {
    let app: App;

    beforeAll(async () => {
      app = await launchApp(flags);
      await startWithSettings(app, { autoRecognise: false, showGrid: false });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('shades a uniformly coloured scan by its depth, and stops when switched off', async () => {
      const page = await app.open();
      if (await page.getByTestId('help-overlay').isVisible()) await page.keyboard.press('Escape');
      await dropFiles(page, [SCENE]);
      await waitForState(page, (s) => s.layer?.fileName === SCENE.name && s.loading === null);
      await page.getByTestId('color-mode').selectOption('uniform');
      await waitForState(page, (s) => s.settings.colorMode === 'uniform');
      // the panels lie over the canvas: the column must not scroll between the two pictures
      await page.getByTestId('eye-dome-lighting').scrollIntoViewIfNeeded();
      const plain = await canvasImage(page);
      await page.getByTestId('eye-dome-lighting').check();
      await waitForState(page, (s) => s.settings.eyeDomeLighting);
      const shaded = await canvasImage(page);
      await saveScreenshot(page, `${flags}-edl`);
      const changed = countChanged(plain, shaded);
      expect(changed).toBeGreaterThan(3000);
      // darker, never lighter: the shading only takes light away
      let lighter = 0;
      for (let i = 0; i < plain.data.length; i += 4) if (shaded.data[i] > plain.data[i] + 24) lighter++;
      expect(lighter).toBeLessThan(changed / 20);
      await page.getByTestId('eye-dome-lighting').uncheck();
      await waitForState(page, (s) => !s.settings.eyeDomeLighting);
      expect(countChanged(plain, await canvasImage(page))).toBeLessThan(changed / 20);
    });
  });
}
