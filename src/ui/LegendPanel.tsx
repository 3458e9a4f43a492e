import { colorMapGradient } from '../core/color/colorMaps';
import { useViewerStore } from '../state/store';
import { formatCount, formatNumber } from './format';

export function LegendPanel() {
  const legend = useViewerStore((s) => s.legend);
  if (!legend) return <p className="muted">This colour mode has no legend.</p>;
  if (legend.kind === 'scale') {
    return (
      <div data-testid="legend">
        <div className="legend-title">{legend.title}</div>
        <div className="legend-bar" style={{ background: colorMapGradient(legend.colorMap) }} />
        <div className="legend-range">
          <span>{formatNumber(legend.min, 2)}</span>
          <span>{formatNumber(legend.max, 2)}</span>
        </div>
      </div>
    );
  }
  return (
    <div data-testid="legend">
      <div className="legend-title">{legend.title}</div>
      <ul className="legend-list">
        {legend.entries.map((e) => (
          <li key={e.id} data-testid="legend-entry">
            <span className="swatch" style={{ background: `rgb(${e.color.join(',')})` }} />
            <span className="legend-name">{e.name}</span>
            <span className="legend-count">{formatCount(e.count)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
