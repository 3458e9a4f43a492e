// SemanticKITTI's labels: a `.label` file beside a velodyne scan holds one little-endian uint32 a
// point, the class id in its low 16 bits and the instance id in its high 16. The fields take names
// of their own, not `label`, which pointlens reads as ScanNet's NYU40 truth.
import { formatCount } from '../format';
import type { InputFile, PointCloud } from '../types';

export const KITTI_LABEL_FIELD = 'kitti_label';
export const KITTI_INSTANCE_FIELD = 'kitti_instance';

/** SemanticKITTI's class ids (its `semantic-kitti.yaml`), with the names its benchmark gives them. */
export const SEMANTIC_KITTI_CLASSES: ReadonlyMap<number, string> = new Map([
  [0, 'unlabeled'], [1, 'outlier'], [10, 'car'], [11, 'bicycle'], [13, 'bus'], [15, 'motorcycle'],
  [16, 'on-rails'], [18, 'truck'], [20, 'other-vehicle'], [30, 'person'], [31, 'bicyclist'],
  [32, 'motorcyclist'], [40, 'road'], [44, 'parking'], [48, 'sidewalk'], [49, 'other-ground'],
  [50, 'building'], [51, 'fence'], [52, 'other-structure'], [60, 'lane-marking'], [70, 'vegetation'],
  [71, 'trunk'], [72, 'terrain'], [80, 'pole'], [81, 'traffic-sign'], [99, 'other-object'],
  [252, 'moving-car'], [253, 'moving-bicyclist'], [254, 'moving-person'], [255, 'moving-motorcyclist'],
  [256, 'moving-on-rails'], [257, 'moving-bus'], [258, 'moving-truck'], [259, 'moving-other-vehicle'],
]);

/** Where SemanticKITTI keeps a scan's labels: `labels/<scan>.label` in the folder that holds its `velodyne/<scan>.bin`. */
export function kittiLabelPath(scan: string): string | undefined {
  const m = /^(.*\/)?velodyne\/([^/]+)\.bin$/i.exec(scan);
  return m ? `${m[1] ?? ''}labels/${m[2]}.label` : undefined;
}

const stem = (name: string) => name.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, '').toLowerCase();

/** SemanticKITTI's scans: x y z remission, float32 each. */
export const KITTI_POINT_BYTES = 16;

/**
 * Why the labels file `name` of `bytes` bytes cannot go with a scan of `points` points, or undefined
 * where it can; `scanBytes`: the scan's size, to say so where the scan is shorter than its labels
 * need (cut short in a copy or a download).
 */
export function kittiLabelsUnused(name: string, bytes: number, points: number, scanBytes?: number): string | undefined {
  if (bytes % 4 !== 0) return `${name} was not used: its ${formatCount(bytes)} bytes are not a whole number of 4-byte labels`;
  if (bytes === 4 * points) return undefined;
  const labels = bytes / 4;
  const short =
    scanBytes !== undefined && scanBytes < KITTI_POINT_BYTES * labels
      ? `; a SemanticKITTI scan of ${formatCount(labels)} points (x y z remission, ${KITTI_POINT_BYTES} bytes each) takes ${formatCount(KITTI_POINT_BYTES * labels)} bytes, and this one has ${formatCount(scanBytes)}: it may be truncated`
      : '';
  return `${name} was not used: it holds ${formatCount(labels)} labels of 4 bytes for ${formatCount(points)} points${short}`;
}

/** The `.label` companion of the scan `name`: the one of its stem, else the only one given. */
export function kittiLabelsOf<T extends { name: string }>(name: string, companions: readonly T[]): T | undefined {
  const labels = companions.filter((f) => /\.label$/i.test(f.name));
  return labels.find((f) => stem(f.name) === stem(name)) ?? (labels.length === 1 ? labels[0] : undefined);
}

/**
 * The cloud with the class and instance fields of the `.label` companion of `name` (kittiLabelsOf),
 * and what was said about it. A file whose count of labels is not the scan's is left out, with a
 * word (kittiLabelsUnused; `scanBytes`: the scan's size).
 */
export function withKittiLabels(cloud: PointCloud, name: string, companions: readonly InputFile[], scanBytes?: number): { cloud: PointCloud; warnings: string[] } {
  const file = kittiLabelsOf(name, companions);
  if (!file) return { cloud, warnings: [] };
  const points = cloud.positions.length / 3;
  const unused = kittiLabelsUnused(file.name, file.bytes.length, points, scanBytes);
  if (unused) return { cloud, warnings: [unused] };
  const view = new DataView(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const semantic = new Int32Array(points), instance = new Int32Array(points);
  for (let i = 0; i < points; i++) {
    const v = view.getUint32(4 * i, true);
    semantic[i] = v & 0xffff;
    instance[i] = v >>> 16;
  }
  return { cloud: { ...cloud, fields: { ...cloud.fields, [KITTI_LABEL_FIELD]: semantic, [KITTI_INSTANCE_FIELD]: instance } }, warnings: [] };
}
