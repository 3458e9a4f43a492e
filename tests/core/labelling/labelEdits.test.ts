import { describe, expect, it } from 'vitest';
import { EMPTY_STACK, mergeEdit, perform, redo, setClassEdit, splitEdit, stackBytes, undo, type LabelSet } from '../../../src/core/labelling/labelEdits';

function labels(): LabelSet {
  return { classes: Int32Array.of(0, 0, 1, 1, -1, 2), instances: Int32Array.of(1, 1, 2, 2, 0, 3) };
}

describe('label edits', () => {
  it('keeps only the points an edit changes, with their old values', () => {
    const l = labels();
    const edit = setClassEdit(l, [0, 1, 2, 4], 0, 'wall')!;
    expect([...edit.indices]).toEqual([2, 4]);
    expect([...edit.before]).toEqual([1, -1]);
    expect(edit.after).toBe(0);
    expect(setClassEdit(l, [0, 1], 0, 'wall')).toBeNull();
  });

  it('undoes and redoes a sequence of edits back to each state', () => {
    const l = labels();
    const start = structuredClone(l);
    let stack = perform(l, EMPTY_STACK, setClassEdit(l, [2, 3, 4], 5, 'sofa')!);
    const afterClass = structuredClone(l);
    stack = perform(l, stack, splitEdit(l, [3, 4])!);
    const afterSplit = structuredClone(l);
    expect([...l.instances]).toEqual([1, 1, 2, 4, 4, 3]);

    let step = undo(l, stack);
    expect(step.edit?.name).toBe('new instance');
    expect(l).toEqual(afterClass);
    step = undo(l, step.stack);
    expect(l).toEqual(start);
    expect(undo(l, step.stack).edit).toBeNull();

    step = redo(l, step.stack);
    expect(l).toEqual(afterClass);
    step = redo(l, step.stack);
    expect(l).toEqual(afterSplit);
    expect(redo(l, step.stack).edit).toBeNull();
  });

  it('forgets what was undone once a new edit is made', () => {
    const l = labels();
    let stack = perform(l, EMPTY_STACK, setClassEdit(l, [0], 3, 'bed')!);
    stack = undo(l, stack).stack;
    expect(stack.undone).toHaveLength(1);
    stack = perform(l, stack, setClassEdit(l, [1], 3, 'bed')!);
    expect(stack.undone).toHaveLength(0);
    expect(stack.done.map((e) => [...e.indices])).toEqual([[1]]);
  });

  it('merges every point of the touched instances, and the selected points without one, into the lowest id', () => {
    const l = labels();
    // point 1 touches instance 1, point 5 instance 3, point 4 has none
    const edit = mergeEdit(l, [1, 4, 5])!;
    perform(l, EMPTY_STACK, edit);
    expect([...l.instances]).toEqual([1, 1, 2, 2, 1, 1]);
    expect([...edit.indices]).toEqual([4, 5]);
  });

  it('gives a merge of points without instances a fresh id, and a split the next free one', () => {
    const l = labels();
    perform(l, EMPTY_STACK, mergeEdit(l, [4])!);
    expect(l.instances[4]).toBe(4);
    perform(l, EMPTY_STACK, splitEdit(l, [0])!);
    expect([...l.instances]).toEqual([5, 1, 2, 2, 4, 3]);
    expect(splitEdit(l, [])).toBeNull();
  });

  it('costs the diffs alone: 8 bytes a changed point, not a copy of the arrays', () => {
    const n = 100_000;
    const l: LabelSet = { classes: new Int32Array(n), instances: new Int32Array(n) };
    const stack = perform(l, EMPTY_STACK, setClassEdit(l, [10, 20, 30], 7, 'table')!);
    expect(stackBytes(stack)).toBe(3 * 8);
  });
});
