import type { ModelEntry } from '../../core/ml/manifest';
import { formatNumber } from '../../core/format';
import { ReliabilityDiagram } from './ReliabilityDiagram';

/**
 * The model card's reliability diagram: a classifier's before and after temperature scaling; a
 * scene model's per-point confidence on the validation scans and on the held-out test scans.
 */
export function ModelReliability({ entry }: { entry: ModelEntry }) {
  const r = entry.calibration?.reliability;
  if (entry.calibration && r) {
    return (
      <ReliabilityDiagram
        unit="shape"
        series={[{ bins: r.before, side: 'first' }, { bins: r.after, side: 'second' }]}
        caption={<>{r.split} shapes; <span className="first-key">before</span> and <span className="second-key">after</span> temperature {formatNumber(entry.calibration.temperature, 3)}</>}
      />
    );
  }
  const c = entry.confidence;
  if (!c) return null;
  return (
    <ReliabilityDiagram
      unit="point"
      series={[{ bins: c.validation.bins, side: 'first' }, ...(c.test ? [{ bins: c.test.bins, side: 'second' as const }] : [])]}
      caption={
        <>
          points of <span className="first-key">validation</span>
          {c.test && <> and <span className="second-key">held-out test</span></>} scans
          {c.sureAbove !== null && <>; sure from {formatNumber(c.sureAbove * 100, 0)}%</>}
        </>
      }
    />
  );
}
