// A Pointcept S3DIS room keeps its classes in a `segment` field, whose label space the file does not
// name; the person says it holds S3DIS's 13 classes, and the segmentation is scored through the
// mapping the training pipeline reports S3DIS with.
import { useMemo } from 'react';
import { notS3dis13 } from '../../core/ml/s3disTruth';
import { useAppStore } from '../../state/store';
import { scoreSegmentAsS3dis } from './segmentation';

export function S3disTruthChoice() {
  const segment = useAppStore((s) => s.layerData?.geometry.fields.segment);
  const on = useAppStore((s) => s.settings.scoreSegmentAsS3dis);
  const refused = useMemo(() => (segment ? notS3dis13(segment) : undefined), [segment]);
  if (!segment) return null;
  return (
    <>
      <label className="check" title="Ceiling, beam, column, board and clutter have no ScanNet class and are left out of the scores">
        <input type="checkbox" data-testid="score-s3dis" disabled={refused !== undefined} checked={on && !refused} onChange={(e) => scoreSegmentAsS3dis(e.target.checked)} />{' '}
        <span>
          Score against the <code>segment</code> field as S3DIS&apos;s 13 classes
        </span>
      </label>
      {refused && (
        <p className="muted" data-testid="score-s3dis-refused">
          Not offered here: {refused}.
        </p>
      )}
    </>
  );
}
