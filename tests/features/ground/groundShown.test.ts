import { beforeEach, describe, expect, it } from 'vitest';
import { groundShownOf, showGround } from '../../../src/features/ground/groundShown';
import { INITIAL_APP_DATA, useAppStore } from '../../../src/state/store';

const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null }));

describe('the ground shown alone', () => {
  it("colours by the ground field and hides its other labels as the legend does, and reads back what is shown", () => {
    store().updateSettings({ colorMode: 'rgb', hiddenLabels: { 'field:label': [3] } });
    expect(groundShownOf(store())).toBe('all');
    showGround('ground');
    expect(store().settings.colorMode).toBe('field:ground');
    expect(store().settings.hiddenLabels).toEqual({ 'field:label': [3], 'field:ground': [0, 1, 7] });
    expect(groundShownOf(store())).toBe('ground');
    showGround('standing');
    expect(store().settings.hiddenLabels['field:ground']).toEqual([0, 2, 7]);
    expect(groundShownOf(store())).toBe('standing');
    showGround('all');
    expect(groundShownOf(store())).toBe('all');
  });

  it('reads labels hidden by hand in the legend as none of its choices, and another colour mode as every point shown', () => {
    store().updateSettings({ colorMode: 'field:ground', hiddenLabels: { 'field:ground': [7] } });
    expect(groundShownOf(store())).toBeNull();
    store().updateSettings({ colorMode: 'height' });
    expect(groundShownOf(store())).toBe('all');
  });
});
