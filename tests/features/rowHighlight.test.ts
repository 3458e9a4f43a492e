import { describe, expect, it } from 'vitest';
import { rowHighlightProps } from '../../src/features/rowHighlight';
import { useAppStore } from '../../src/state/store';

describe('a list row highlighting its points', () => {
  it('highlights its plane or cluster while pointed at or focused, and a row left clears only its own highlight', () => {
    const first = rowHighlightProps('room', 'cluster', 1);
    const second = rowHighlightProps('room', 'cluster', 2);
    first.onPointerEnter();
    expect(useAppStore.getState().rowHighlight).toEqual({ layerId: 'room', field: 'cluster', id: 1 });
    second.onFocus();
    expect(useAppStore.getState().rowHighlight).toEqual({ layerId: 'room', field: 'cluster', id: 2 });
    // leaving the first, once the second has taken over, leaves the second highlighted
    first.onPointerLeave();
    expect(useAppStore.getState().rowHighlight?.id).toBe(2);
    second.onBlur();
    expect(useAppStore.getState().rowHighlight).toBeNull();
    expect(first.tabIndex).toBe(0);
  });
});
