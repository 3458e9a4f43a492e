// A folder of many scans (a dataset: a KITTI sequence, a folder of rooms) opens at its first; the
// others are a step away, read one at a time in place of the layer that shows the sequence.

export interface SequenceView {
  /** the layer that shows the sequence's current scan */
  layerId: string;
  /** the folder's name */
  folder: string;
  /** the current scan's place in the sequence (0-based), and the sequence's length */
  index: number;
  count: number;
  /** the current scan's path in the folder */
  path: string;
}
