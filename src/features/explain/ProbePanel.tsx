// The Robustness panel: one change of the classified object at a time, a slider over its range,
// the prediction at the slider's value, and the curve of the top class's probability over the range.
import { formatNumber } from '../../core/format';
import { PROBE_KINDS, PROBES, type ProbeKind } from '../../core/ml/explain/probes';
import type { ProbeView } from '../../state/slices/explain';
import { useAppStore } from '../../state/store';
import { chooseProbe, setProbeValue } from './probe';

const W = 220, H = 64;

function ProbeCurve({ probe }: { probe: ProbeView }) {
  const spec = PROBES[probe.kind as ProbeKind];
  if (probe.curve?.status !== 'done') return null;
  const x = (v: number) => ((v - spec.min) / (spec.max - spec.min)) * W;
  const y = (p: number) => H - p * H;
  const line = probe.curve.points.map((p) => `${x(p.value).toFixed(1)},${y(p.probability).toFixed(1)}`).join(' ');
  return (
    <svg className="probe-curve" data-testid="probe-curve" data-points={probe.curve.points.length} viewBox={`-4 -4 ${W + 8} ${H + 8}`} width={W + 8} height={H + 8}>
      <rect x={0} y={0} width={W} height={H} className="probe-frame" />
      <line x1={0} x2={W} y1={y(0.5)} y2={y(0.5)} className="probe-half" />
      <polyline points={line} className="probe-line" />
      {probe.curve.points.map((p) => (
        <circle key={p.value} cx={x(p.value)} cy={y(p.probability)} r={2.5} className={p.label === probe.followed ? 'probe-same' : 'probe-changed'}>
          <title>{`${formatNumber(p.value, 2)}: ${p.label.replace(/_/g, ' ')}`}</title>
        </circle>
      ))}
      <line x1={x(probe.value)} x2={x(probe.value)} y1={0} y2={H} className="probe-now" />
    </svg>
  );
}

export function ProbePanel() {
  const explain = useAppStore((s) => s.explain);
  const layerId = useAppStore((s) => s.layer?.id);
  if (!explain || explain.layerId !== layerId) return <p className="muted">Classify an object to probe it.</p>;
  const probe = explain.probe;
  const spec = probe && PROBES[probe.kind as ProbeKind];
  return (
    <div className="probe" data-testid="probe">
      <select data-testid="probe-kind" value={probe?.kind ?? ''} onChange={(e) => void chooseProbe(e.target.value as ProbeKind)}>
        <option value="" disabled>
          Change the object…
        </option>
        {PROBE_KINDS.map((k) => (
          <option key={k} value={k}>
            {PROBES[k].label}
          </option>
        ))}
      </select>
      {probe && spec && (
        <>
          <label className="probe-slider">
            <input
              type="range"
              data-testid="probe-slider"
              min={spec.min}
              max={spec.max}
              step={(spec.max - spec.min) / 100}
              value={probe.value}
              onChange={(e) => void setProbeValue(Number(e.target.value))}
            />
            <span>
              {formatNumber(probe.value, spec.unit === '°' ? 0 : 2)} {spec.unit}
            </span>
          </label>
          {probe.at && (
            <p data-testid="probe-prediction" data-label={probe.at.label} data-value={probe.at.value}>
              Now: <b>{probe.at.label.replace(/_/g, ' ')}</b> {formatNumber(probe.at.probability * 100, 0)}%
              {probe.followed && probe.at.label !== probe.followed && <> ({probe.followed.replace(/_/g, ' ')} {formatNumber(probe.at.followedProbability * 100, 0)}%)</>}
            </p>
          )}
          {probe.curve?.status === 'running' && <p className="muted">classifying over the range…</p>}
          {probe.curve?.status === 'error' && <p className="error-text">{probe.curve.message}</p>}
          {probe.curve?.status === 'done' && probe.followed && (
            <>
              <ProbeCurve probe={probe} />
              <p className="muted">
                probability of {probe.followed.replace(/_/g, ' ')} over the range (open dots: another class on top)
              </p>
            </>
          )}
        </>
      )}
    </div>
  );
}
