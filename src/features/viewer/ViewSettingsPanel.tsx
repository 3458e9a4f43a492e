import { COLOR_MAP_IDS, type ColorMapId } from '../../core/color/colorMaps';
import { effectiveColorMode, useAppStore } from '../../state/store';
import { POINT_BUDGET_CHOICES, POINT_SIZE_RANGE, pointBudgetFor, type MeshMode } from '../../state/viewSettings';
import { formatCount } from '../../core/format';
import { UpSource } from './UpSource';
import { setUpAxis } from './viewer';
import type { SignedAxis } from '../../core/geometry/signedAxis';

const UP_AXES: SignedAxis[] = ['+y', '+z', '+x', '-y', '-z', '-x'];

export function ViewSettingsPanel() {
  const settings = useAppStore((s) => s.settings);
  const colorMode = useAppStore(effectiveColorMode);
  const layer = useAppStore((s) => s.layer);
  const update = useAppStore((s) => s.updateSettings);
  const renderer = useAppStore((s) => s.renderer);
  const modes = layer?.colorModes ?? [];
  return (
    <div className="controls">
      <label>
        Colour
        <select data-testid="color-mode" value={colorMode} onChange={(e) => update({ colorMode: e.target.value })} disabled={!modes.length}>
          {modes.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Colour map
        <select data-testid="color-map" value={settings.colorMap} onChange={(e) => update({ colorMap: e.target.value as ColorMapId })}>
          {COLOR_MAP_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Point size <span className="value">{settings.pointSize}px</span>
        <input
          data-testid="point-size"
          type="range"
          min={POINT_SIZE_RANGE.min}
          max={POINT_SIZE_RANGE.max}
          step={0.5}
          value={settings.pointSize}
          onChange={(e) => update({ pointSize: Number(e.target.value) })}
        />
      </label>
      <label className="check">
        <input type="checkbox" data-testid="size-attenuation" checked={settings.sizeAttenuation} onChange={(e) => update({ sizeAttenuation: e.target.checked })} />
        Distance attenuation
      </label>
      <label title="Most points of a cloud drawn at once: a bigger cloud is drawn through its octree, in full detail where the camera looks">
        Point budget
        <select data-testid="point-budget" value={settings.pointBudget} onChange={(e) => update({ pointBudget: Number(e.target.value) })}>
          <option value={0}>{formatCount(pointBudgetFor(0, renderer))} (this renderer's default)</option>
          {POINT_BUDGET_CHOICES.map((n) => (
            <option key={n} value={n}>
              {formatCount(n)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" data-testid="eye-dome-lighting" checked={settings.eyeDomeLighting} onChange={(e) => update({ eyeDomeLighting: e.target.checked })} />
        Eye-dome lighting
      </label>
      {layer?.kind === 'mesh' && (
        <label>
          Mesh
          <select data-testid="mesh-mode" value={settings.meshMode} onChange={(e) => update({ meshMode: e.target.value as MeshMode })}>
            <option value="shaded">Shaded</option>
            <option value="wireframe">Wireframe</option>
            <option value="points">Points only</option>
          </select>
        </label>
      )}
      <label>
        Up axis
        <select data-testid="up-axis" value={settings.upAxis} onChange={(e) => setUpAxis(e.target.value as SignedAxis)}>
          {UP_AXES.map((axis) => (
            <option key={axis} value={axis}>
              {axis.toUpperCase()} up
            </option>
          ))}
        </select>
        {layer && <UpSource up={layer.up} shown={settings.upAxis} />}
      </label>
      <div className="row">
        <label className="check">
          <input type="checkbox" data-testid="show-grid" checked={settings.showGrid} onChange={(e) => update({ showGrid: e.target.checked })} />
          Grid
        </label>
        <label className="check">
          <input type="checkbox" data-testid="show-axes" checked={settings.showAxes} onChange={(e) => update({ showAxes: e.target.checked })} />
          Axes
        </label>
        <label className="check">
          <input type="checkbox" data-testid="show-boxes" checked={settings.showBoxes} onChange={(e) => update({ showBoxes: e.target.checked })} />
          Boxes
        </label>
      </div>
      <div className="row">
        <label className="color">
          Background
          <input type="color" data-testid="background" value={settings.background} onChange={(e) => update({ background: e.target.value })} />
        </label>
        <label className="color">
          Uniform
          <input type="color" data-testid="uniform-color" value={settings.uniformColor} onChange={(e) => update({ uniformColor: e.target.value })} />
        </label>
      </div>
    </div>
  );
}
