// The layers list: every file shown, the active one marked (the panels and tools act on it), each
// with its visibility, colour mode, transform and a remove button.
import { useState } from 'react';
import { formatCount } from '../../core/format';
import { formatBytes } from '../../core/io/limits';
import { IDENTITY_TRANSFORM, isIdentity, type LayerTransform } from '../../core/layers/transform';
import { layerSettings } from '../../state/layerStack';
import type { LayerEntry } from '../../state/slices/layers';
import { useAppStore } from '../../state/store';
import { activateLayer, removeLayer, setLayerColorMode, setLayerTransform, setLayerVisible } from './layers';
import { stepSequence } from '../load/folderSequence';
import { MergeControls } from '../merge/MergeControls';
import { NumberField } from '../NumberField';
import './layers.css';

function TransformFields({ entry }: { entry: LayerEntry }) {
  const [problem, setProblem] = useState<string | null>(null);
  const t = entry.transform;
  const id = entry.meta.id;
  // open where the layer is moved, then as the person leaves it: a value typed back to 0 must not fold the fields away
  const [open, setOpen] = useState(!isIdentity(t));
  const put = (patch: Partial<LayerTransform>) => setProblem(setLayerTransform(id, { ...t, ...patch }));
  const axis = (k: number) => (v: number) => put({ translate: t.translate.map((x, i) => (i === k ? v : x)) as LayerTransform['translate'] });
  const doubt = (typed: string) => setProblem(`"${typed}" is no number pointlens can be sure of: type it with a point or a comma as its decimal mark and no thousands separator.`);
  return (
    <details className="layer-transform" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid="layer-transform">Transform{isIdentity(t) ? '' : ' (moved)'}</summary>
      <div className="layer-fields">
        {(['x', 'y', 'z'] as const).map((name, k) => (
          <NumberField key={name} label={name} value={t.translate[k]} step={0.1} onValue={axis(k)} onDoubt={doubt} testId={`layer-translate-${name}`} />
        ))}
        <NumberField label="turn °" value={t.rotateDeg} step={5} onValue={(rotateDeg) => put({ rotateDeg })} onDoubt={doubt} testId="layer-rotate" />
        <NumberField label="scale" value={t.scale} step={0.1} onValue={(scale) => put({ scale })} onDoubt={doubt} testId="layer-scale" />
        <button data-testid="layer-reset" disabled={isIdentity(t)} onClick={() => put(IDENTITY_TRANSFORM)} title="Back where the file put it">
          Reset
        </button>
      </div>
      {problem && (
        <p className="error-text" data-testid="layer-transform-problem">
          {problem}
        </p>
      )}
      {!isIdentity(t) && (
        <p className="muted" data-testid="layer-transform-note">
          Measurements are taken where it is drawn, and the inspector gives a point both in the file and as placed; exports keep the file&apos;s own coordinates, but for Export&apos;s &quot;PLY as placed&quot;.
        </p>
      )}
    </details>
  );
}

/** Which of a folder's scans or models this layer shows, with steps to the previous and the next. */
function SequenceSteps({ layerId }: { layerId: string }) {
  const sequence = useAppStore((s) => s.sequence);
  if (sequence?.layerId !== layerId) return null;
  const { index, count, folder, path } = sequence;
  return (
    <div className="layer-sequence" data-testid="folder-sequence" data-index={index} data-count={count}>
      <button data-testid="sequence-previous" disabled={index === 0} onClick={() => void stepSequence(-1)} title="The previous scan or model of the folder ([)" aria-label="Previous in the folder">
        ◀
      </button>
      <span data-testid="sequence-position" title={`The scans and models of ${folder}, in the order they were listed`}>
        {formatCount(index + 1)} of {formatCount(count)} · {path.slice(path.lastIndexOf('/') + 1)}
      </span>
      <button data-testid="sequence-next" disabled={index === count - 1} onClick={() => void stepSequence(1)} title="The next scan or model of the folder (])" aria-label="Next in the folder">
        ▶
      </button>
    </div>
  );
}

function LayerRow({ entry, active, colorMode }: { entry: LayerEntry; active: boolean; colorMode: string }) {
  const { meta } = entry;
  return (
    <li className={`layer-row${active ? ' active' : ''}`} data-testid="layer-row" data-layer={meta.id} data-active={active}>
      <div className="layer-head">
        <input type="checkbox" data-testid="layer-visible" checked={entry.visible} onChange={(e) => setLayerVisible(meta.id, e.target.checked)} title="Visible" />
        <button className="layer-name" data-testid="layer-activate" onClick={() => activateLayer(meta.id)} title={active ? 'The active layer: the panels and tools act on it' : 'Make this the active layer'}>
          {active ? '● ' : '○ '}
          {meta.fileName}
        </button>
        <button className="layer-remove" data-testid="layer-remove" onClick={() => removeLayer(meta.id)} title="Remove this layer" aria-label={`Remove ${meta.fileName}`}>
          ×
        </button>
      </div>
      <p className="muted layer-facts">
        {formatCount(meta.points)} {meta.kind === 'mesh' ? 'vertices' : 'points'} · {formatBytes(meta.memoryBytes)}
      </p>
      <SequenceSteps layerId={meta.id} />
      <select data-testid="layer-color-mode" value={colorMode} onChange={(e) => setLayerColorMode(meta.id, e.target.value)} aria-label="Colour">
        {meta.colorModes.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      <TransformFields entry={entry} />
    </li>
  );
}

export function LayersPanel() {
  const layers = useAppStore((s) => s.layers);
  const layer = useAppStore((s) => s.layer);
  const settings = useAppStore((s) => s.settings);
  if (!layers.length) return <p className="muted">Files you open are listed here, each as a layer.</p>;
  return (
    <>
      <ul className="layer-list" data-testid="layers">
        {layers.map((entry) => (
          <LayerRow key={entry.meta.id} entry={entry} active={entry.meta.id === layer?.id} colorMode={layerSettings({ layer, layers, settings }, entry.meta.id).colorMode} />
        ))}
      </ul>
      <MergeControls />
      <p className="muted">Dropped files join the layers (Shift: replace them); a sample replaces them (Shift: joins them).</p>
    </>
  );
}
