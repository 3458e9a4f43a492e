import { describe, expect, it } from 'vitest';
import { mapUp } from '../../../src/core/geometry/mapCoordinates';
import { resolveUp } from '../../../src/core/geometry/upAxis';
import { parseFiles } from '../../../src/core/io';
import { fileUpFacts } from '../../../src/core/io/fileUp';
import { parsedWiderThanModelsKnow } from '../../../src/core/ml/sceneOrObject';
import { terrainXyz } from '../../fixtures/e2e/terrain';

const UTM: [number, number, number] = [500_100, 4_000_100, 302];
const read = (text: string, name = 'terrain.xyz') => parseFiles([{ name, bytes: new TextEncoder().encode(text) }]);

describe('map coordinates', () => {
  it("take the axis near zero beside two far ones as elevation, its + end up, on the grids in use", () => {
    expect(mapUp(UTM)).toBe('+z');
    // Colorado's peaks in state-plane US feet
    expect(mapUp([3_100_000, 1_700_000, 14_000])).toBe('+z');
    // British National Grid in London, below sea level is still an elevation
    expect(mapUp([530_000, 180_000, -5])).toBe('+z');
    // a y-up tool's export: easting, elevation, minus northing
    expect(mapUp([500_100, 302, -4_000_100])).toBe('+y');
  });

  it('are not read into an origin that is no map', () => {
    expect(mapUp(undefined)).toBeUndefined();
    // one far axis: a part placed along a machine's bed
    expect(mapUp([50_000, 0, 0])).toBeUndefined();
    // three far axes: earth-centred coordinates, where no axis is up
    expect(mapUp([4_500_000, 600_000, 4_400_000])).toBeUndefined();
    // a third axis as far as a tenth of the nearer: no elevation on Earth beside these
    expect(mapUp([40_000, 50_000, 9_000])).toBeUndefined();
  });

  it('stand a terrain in a survey text file +z up, and +y up where a y-up tool wrote it, whatever its shape says', async () => {
    const zUp = await read(terrainXyz(UTM));
    expect(mapUp(zUp.origin)).toBe('+z');
    expect(resolveUp(zUp.data, 'auto', fileUpFacts(zUp))).toMatchObject({ up: '+z', source: 'map', reason: expect.stringMatching(/x and y lie far from zero as eastings and northings do, z near it as an elevation/) });
    const yUp = await read(terrainXyz(UTM, 10_000, true));
    expect(resolveUp(yUp.data, 'auto', fileUpFacts(yUp))).toMatchObject({ up: '+y', source: 'map' });
    // a person's choice still wins
    expect(resolveUp(zUp.data, '-y', fileUpFacts(zUp))).toEqual({ up: '-y', source: 'chosen' });
  });

  it("leave a LAS file's own up to its format, and the same terrain near zero to its format and geometry", async () => {
    const local = await read(terrainXyz([0, 0, 0]));
    expect(local.origin).toBeUndefined();
    expect(resolveUp(local.data, 'auto', fileUpFacts(local))).toMatchObject({ up: '+z', source: 'format' });
    const onMap = await read(terrainXyz(UTM));
    expect(resolveUp(onMap.data, 'auto', { ...fileUpFacts(onMap), defined: true, formatUp: 'z' }).source).toBe('format');
  });

  it('put a survey in a known unit: a terrain on a map is wider than any room or object, the same shape near zero may be a model', async () => {
    expect(parsedWiderThanModelsKnow(await read(terrainXyz(UTM)))).toBeCloseTo(200, 0);
    expect(parsedWiderThanModelsKnow(await read(terrainXyz([0, 0, 0])))).toBeUndefined();
  });
});
