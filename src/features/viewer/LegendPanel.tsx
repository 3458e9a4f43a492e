import { useMemo } from 'react';
import { colorMapGradient } from '../../core/color/colorMaps';
import { formatCount } from '../../core/format';
import { keptBeforeValueFilterOf } from '../../state/clipMask';
import { effectiveColorMode, legendOf, useAppStore } from '../../state/store';
import { HistogramBars } from './HistogramBars';
import { ScaleRange } from './ScaleRange';
import { IdleValueFilterNote, ValueFilter } from './ValueFilter';
import { BeyondNote } from '../compare/BeyondNote';

export function LegendPanel() {
  const layerData = useAppStore((s) => s.layerData);
  const settings = useAppStore((s) => s.settings);
  const colorMode = useAppStore(effectiveColorMode);
  const hiddenLabels = settings.hiddenLabels;
  const updateSettings = useAppStore((s) => s.updateSettings);
  const kept = useAppStore(keptBeforeValueFilterOf);
  const legend = useMemo(() => legendOf({ layerData, settings }, kept), [layerData, settings, kept]);
  if (!legend) {
    return (
      <>
        <p className="muted">This colour mode has no legend.</p>
        <IdleValueFilterNote />
      </>
    );
  }
  if (legend.kind === 'scale') {
    return (
      <div data-testid="legend">
        <div className="legend-title">{legend.title}</div>
        <HistogramBars histogram={legend.histogram} colorMap={legend.colorMap} min={legend.min} max={legend.max} />
        <div className="legend-bar" style={{ background: colorMapGradient(legend.colorMap) }} />
        <ScaleRange legend={legend} modeId={colorMode} />
        <ValueFilter histogram={legend.histogram} />
        <BeyondNote modeId={colorMode} />
      </div>
    );
  }
  const hidden = new Set(Array.isArray(hiddenLabels[colorMode]) ? hiddenLabels[colorMode] : []);
  const toggle = (id: number) => {
    const next = hidden.has(id) ? [...hidden].filter((h) => h !== id) : [...hidden, id];
    updateSettings({ hiddenLabels: { ...hiddenLabels, [colorMode]: next } });
  };
  return (
    <div data-testid="legend">
      <div className="legend-title">{legend.title}</div>
      <IdleValueFilterNote />
      <ul className="legend-list">
        {legend.entries.map((e) => (
          <li key={e.id} data-testid="legend-entry" className={hidden.has(e.id) ? 'hidden' : undefined}>
            <input
              type="checkbox"
              data-testid="legend-toggle"
              data-label={e.id}
              checked={!hidden.has(e.id)}
              onChange={() => toggle(e.id)}
              title={hidden.has(e.id) ? 'Show these points' : 'Hide these points'}
            />
            <span className="swatch" style={{ background: `rgb(${e.color.join(',')})` }} />
            <span className="legend-name">{e.name}</span>
            <span className="legend-count">{formatCount(e.count)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
