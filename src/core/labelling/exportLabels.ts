// Corrected labels written out: the cloud (a mesh with its faces) as binary PLY with ScanNet's
// `label` (NYU40 id, 0 unannotated) and `instance` (0 none) per point, which this app reads back
// as the file's ground truth, and the instances as ScanNet-style JSON (after the segGroups of
// ScanNet's aggregation files): each with its class, its points and its axis-aligned box.
import { pointInFile, type Origin } from '../io/shift';
import { writePly, type PlyWriteOptions } from '../io/writePly';
import { IGNORED, nyu40FromScannet20, nyu40Of, sceneClassesFromNyu40 } from '../ml/scannetLabels';
import type { Geometry } from '../types';
import type { LabelSet } from './labelEdits';

function checkLength(labels: LabelSet, n: number): void {
  if (labels.classes.length !== n || labels.instances.length !== n) throw new Error(`${labels.classes.length} labels for ${n} points`);
}

/**
 * The geometry with `label` and `instance` replaced by the corrected ones; its other fields stay.
 * An unlabelled point keeps the file's own label where that is none of the scene's classes (a
 * lamp, say): a correction cannot name it, so it has nothing to say about it.
 */
export function correctedPly(geometry: Geometry, labels: LabelSet, options: PlyWriteOptions = {}): Uint8Array {
  checkLength(labels, geometry.positions.length / 3);
  const label = nyu40FromScannet20(labels.classes);
  const own = geometry.fields.label;
  if (own) {
    const ownClasses = sceneClassesFromNyu40(own);
    for (let i = 0; i < label.length; i++) if (labels.classes[i] < 0 && ownClasses[i] === IGNORED && own[i] >= 0 && own[i] <= 0xffff) label[i] = own[i];
  }
  return writePly(geometry, { label, instance: labels.instances }, options);
}

export interface LabelledInstance {
  id: number;
  /** the class most of its points carry (index into `classes`), -1 where all are unlabelled */
  classIndex: number;
  label: string;
  nyu40id: number;
  /** indices of its points into the exported cloud */
  points: number[];
  aabb: { center: [number, number, number]; size: [number, number, number] };
}

export interface LabelsJson {
  format: 'pointlens-labels';
  version: 1;
  file: string;
  points: number;
  classes: string[];
  /** points per class index */
  classCounts: number[];
  unlabelled: number;
  segGroups: LabelledInstance[];
}

/** `origin`: what `positions` are relative to, added back to the boxes so that they are in the file's coordinates. */
export function labelsJson(file: string, positions: Float32Array, labels: LabelSet, classNames: string[], origin?: Origin): LabelsJson {
  const n = positions.length / 3;
  checkLength(labels, n);
  const classCounts = classNames.map(() => 0);
  let unlabelled = 0;
  const byId = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = labels.classes[i];
    if (c >= 0 && c < classNames.length) classCounts[c]++;
    else unlabelled++;
    const id = labels.instances[i];
    if (id <= 0) continue;
    let points = byId.get(id);
    if (!points) byId.set(id, (points = []));
    points.push(i);
  }
  const segGroups = [...byId.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, points]): LabelledInstance => {
      const votes = new Map<number, number>();
      const lo = [Infinity, Infinity, Infinity];
      const hi = [-Infinity, -Infinity, -Infinity];
      for (const i of points) {
        const c = labels.classes[i];
        if (c >= 0 && c < classNames.length) votes.set(c, (votes.get(c) ?? 0) + 1);
        for (let d = 0; d < 3; d++) {
          lo[d] = Math.min(lo[d], positions[3 * i + d]);
          hi[d] = Math.max(hi[d], positions[3 * i + d]);
        }
      }
      const classIndex = votes.size ? [...votes.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0] : -1;
      return {
        id,
        classIndex,
        label: classIndex >= 0 ? classNames[classIndex] : 'unlabelled',
        nyu40id: nyu40Of(classIndex),
        points,
        aabb: {
          center: pointInFile([0, 1, 2].map((d) => (lo[d] + hi[d]) / 2), origin) as [number, number, number],
          size: [0, 1, 2].map((d) => hi[d] - lo[d]) as [number, number, number],
        },
      };
    });
  return { format: 'pointlens-labels', version: 1, file, points: n, classes: classNames, classCounts, unlabelled, segGroups };
}
