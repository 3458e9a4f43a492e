import type { PanelSide, PanelSpec } from '../features/panels';
import { Panel } from './Panel';

export function PanelColumn({ side, panels }: { side: PanelSide; panels: readonly PanelSpec[] }) {
  const mine = panels.filter((p) => p.side === side).sort((a, b) => a.order - b.order);
  if (!mine.length) return null;
  return (
    <aside className={`panel-column ${side}`} data-testid={`panels-${side}`}>
      {mine.map(({ id, title, collapsed, Component }) => (
        <Panel key={id} id={id} title={title} collapsed={collapsed}>
          <Component />
        </Panel>
      ))}
    </aside>
  );
}
