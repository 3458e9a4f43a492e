// ScanNet's 20 evaluation classes by their NYU40 ids (ScanNet benchmark, `VALID_CLASS_IDS`), in
// the order of the segmenter's outputs. ScanNet files carry NYU40 ids per point; this maps them
// onto class indices for comparing predictions with truth. Everything else is -1 (ignored).
export const SCANNET20_NYU40_IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 24, 28, 33, 34, 36, 39] as const;

export const IGNORED = -1;

/** What NYU40 ids become: their position in `ids`, IGNORED for any other. */
function classesOfNyu40(ids: readonly number[]): (labels: ArrayLike<number>) => Int32Array {
  const lut = new Int32Array(41).fill(IGNORED);
  ids.forEach((id, index) => (lut[id] = index));
  return (labels) => {
    const out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i];
      out[i] = v >= 0 && v < lut.length ? lut[v] : IGNORED;
    }
    return out;
  };
}

/** NYU40 ids as ScanNet-20 class indices: what scores compare predictions with. */
export const scannet20FromNyu40 = classesOfNyu40(SCANNET20_NYU40_IDS);

/** NYU40's ceiling, which a scene's points carry at the index after the 20 (sceneClasses.ts): the geometry names it, not the segmenter. */
const NYU40_CEILING = 22;
const SCENE_NYU40_IDS: readonly number[] = [...SCANNET20_NYU40_IDS, NYU40_CEILING];

/** The NYU40 id of a scene class index, for writing labels back as ScanNet files carry them; -1 (or any unknown index) is 0, ScanNet's "unannotated". */
export function nyu40Of(classIndex: number): number {
  return SCENE_NYU40_IDS[classIndex] ?? 0;
}

/**
 * NYU40 ids as scene class indices, the ceiling included (the inverse of nyu40Of): what labels read
 * back from a file start a correction with. Scores keep to ScanNet's 20 (scannet20FromNyu40).
 */
export const sceneClassesFromNyu40 = classesOfNyu40(SCENE_NYU40_IDS);

/** `nyu40Of` of each class index. */
export function nyu40FromScannet20(classes: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(classes.length);
  for (let i = 0; i < classes.length; i++) out[i] = nyu40Of(classes[i]);
  return out;
}

/**
 * S3DIS's 13 classes (ceiling, floor, wall, beam, column, window, door, table, chair, sofa,
 * bookcase, board, clutter) as ScanNet-20 class indices, the mapping the training pipeline scores
 * S3DIS rooms with (`s3dis13_to_scannet20.txt` in the shared data): ceiling, beam, column, board
 * and clutter have no ScanNet class and are ignored.
 */
export const S3DIS13_TO_SCANNET20 = [IGNORED, 1, 0, IGNORED, IGNORED, 8, 7, 6, 4, 5, 9, IGNORED, IGNORED] as const;

/** NYU40 ids of S3DIS class ids, so that an S3DIS room's truth reads as a ScanNet file's; ids it does not name become 0. */
export function nyu40FromS3dis13(classes: ArrayLike<number>): Uint16Array {
  return nyu40FromScannet20(Array.from(classes, (c) => S3DIS13_TO_SCANNET20[c] ?? IGNORED));
}
