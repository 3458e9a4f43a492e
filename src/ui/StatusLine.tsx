import { useAppStore } from '../state/store';
import { formatCount } from '../core/format';

export function StatusLine() {
  const renderer = useAppStore((s) => s.renderer);
  const layer = useAppStore((s) => s.layer);
  return (
    <footer className="status-line" data-testid="status-line">
      <span data-testid="renderer-kind">
        {renderer ? `${renderer.kind === 'webgpu' ? 'WebGPU' : 'WebGL2'}${renderer.software ? ' (software)' : ''}` : 'starting renderer…'}
      </span>
      {layer && (
        <span>
          {layer.fileName} · {formatCount(layer.points)} {layer.kind === 'mesh' ? 'vertices' : 'points'}
        </span>
      )}
    </footer>
  );
}
