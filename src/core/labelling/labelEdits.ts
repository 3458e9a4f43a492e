// Corrections to per-point labels as a command stack of compact diffs: each edit keeps the
// indices it changed, their values before and the one value they took, never a copy of the whole
// array. Undo writes the old values back; redo writes the new one again.

/** A cloud's corrected labels: a class index per point (-1 unlabelled) and an instance id (0 none). */
export interface LabelSet {
  classes: Int32Array;
  instances: Int32Array;
}

export type LabelField = keyof LabelSet;

export interface LabelEdit {
  /** what the person did, for the panel's undo and redo titles */
  name: string;
  field: LabelField;
  /** the points it changed, ascending */
  indices: Int32Array;
  /** their values before */
  before: Int32Array;
  /** the value every one of them took */
  after: number;
}

export interface EditStack {
  done: LabelEdit[];
  undone: LabelEdit[];
}

export const EMPTY_STACK: EditStack = { done: [], undone: [] };

/**
 * The edit that gives `value` to `field` at `points`, leaving out those that have it already;
 * null where none changes. Nothing is written yet.
 */
export function makeEdit(labels: LabelSet, name: string, field: LabelField, points: ArrayLike<number>, value: number): LabelEdit | null {
  const values = labels[field];
  let n = 0;
  for (let k = 0; k < points.length; k++) if (values[points[k]] !== value) n++;
  if (n === 0) return null;
  const indices = new Int32Array(n);
  const before = new Int32Array(n);
  for (let k = 0, j = 0; k < points.length; k++) {
    const i = points[k];
    if (values[i] === value) continue;
    indices[j] = i;
    before[j++] = values[i];
  }
  return { name, field, indices, before, after: value };
}

/** Writes the edit's new value (`redo`) or its old values (`undo`) into `labels`. */
export function writeEdit(labels: LabelSet, edit: LabelEdit, direction: 'redo' | 'undo'): void {
  const values = labels[edit.field];
  if (direction === 'redo') for (let k = 0; k < edit.indices.length; k++) values[edit.indices[k]] = edit.after;
  else for (let k = 0; k < edit.indices.length; k++) values[edit.indices[k]] = edit.before[k];
}

/** Applies a new edit and puts it on the stack; what was undone can no longer be redone. */
export function perform(labels: LabelSet, stack: EditStack, edit: LabelEdit): EditStack {
  writeEdit(labels, edit, 'redo');
  return { done: [...stack.done, edit], undone: [] };
}

/** Takes back the last edit: the stack after it and the edit (null where there was none). */
export function undo(labels: LabelSet, stack: EditStack): { stack: EditStack; edit: LabelEdit | null } {
  const edit = stack.done.at(-1);
  if (!edit) return { stack, edit: null };
  writeEdit(labels, edit, 'undo');
  return { stack: { done: stack.done.slice(0, -1), undone: [...stack.undone, edit] }, edit };
}

/** Does again the last edit undone. */
export function redo(labels: LabelSet, stack: EditStack): { stack: EditStack; edit: LabelEdit | null } {
  const edit = stack.undone.at(-1);
  if (!edit) return { stack, edit: null };
  writeEdit(labels, edit, 'redo');
  return { stack: { done: [...stack.done, edit], undone: stack.undone.slice(0, -1) }, edit };
}

/** Bytes the stack's diffs take: what undo costs in memory. */
export function stackBytes(stack: EditStack): number {
  return [...stack.done, ...stack.undone].reduce((n, e) => n + e.indices.byteLength + e.before.byteLength, 0);
}

/** The selected points take class `classIndex`. */
export function setClassEdit(labels: LabelSet, selected: ArrayLike<number>, classIndex: number, className: string): LabelEdit | null {
  return makeEdit(labels, `class ${className}`, 'classes', selected, classIndex);
}

function largestInstance(instances: Int32Array): number {
  let max = 0;
  for (let i = 0; i < instances.length; i++) if (instances[i] > max) max = instances[i];
  return max;
}

/**
 * Every point of the instances the selection touches joins one of them (the lowest id; a fresh
 * one where the selected points have no instance), and the selected points without one join too.
 */
export function mergeEdit(labels: LabelSet, selected: ArrayLike<number>): LabelEdit | null {
  const touched = new Set<number>();
  for (let k = 0; k < selected.length; k++) touched.add(labels.instances[selected[k]]);
  touched.delete(0);
  const target = touched.size ? Math.min(...touched) : largestInstance(labels.instances) + 1;
  const points: number[] = [];
  const selectedMask = new Uint8Array(labels.instances.length);
  for (let k = 0; k < selected.length; k++) selectedMask[selected[k]] = 1;
  for (let i = 0; i < labels.instances.length; i++) if (selectedMask[i] || touched.has(labels.instances[i])) points.push(i);
  return makeEdit(labels, 'merge instances', 'instances', points, target);
}

/** The selected points become a new instance of their own. */
export function splitEdit(labels: LabelSet, selected: ArrayLike<number>): LabelEdit | null {
  if (selected.length === 0) return null;
  return makeEdit(labels, 'new instance', 'instances', selected, largestInstance(labels.instances) + 1);
}
