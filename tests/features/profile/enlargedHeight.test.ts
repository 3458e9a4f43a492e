import { describe, expect, it } from 'vitest';
import { clampEnlargedHeight, KEPT_ABOVE_ENLARGED, MIN_ENLARGED_HEIGHT, rememberedEnlargedHeight, rememberEnlargedHeight } from '../../../src/features/profile/enlargedHeight';

describe("the large profile plot's height", () => {
  it('takes the height dragged to, rounded to a pixel, between its least and what leaves the top of the view', () => {
    expect(clampEnlargedHeight(400.4, 900)).toBe(400);
    expect(clampEnlargedHeight(50, 900)).toBe(MIN_ENLARGED_HEIGHT);
    expect(clampEnlargedHeight(5000, 900)).toBe(900 - KEPT_ABOVE_ENLARGED);
  });

  it('keeps its least height in a window too small for it', () => {
    expect(clampEnlargedHeight(300, 250)).toBe(MIN_ENLARGED_HEIGHT);
  });

  it('is remembered once set', () => {
    rememberEnlargedHeight(333);
    expect(rememberedEnlargedHeight()).toBe(333);
  });
});
