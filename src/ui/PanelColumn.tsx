import { Panel } from './Panel';
import { usePanels, type PanelSide } from './panelRegistry';

export function PanelColumn({ side }: { side: PanelSide }) {
  const panels = usePanels(side);
  if (!panels.length) return null;
  return (
    <aside className={`panel-column ${side}`} data-testid={`panels-${side}`}>
      {panels.map(({ id, title, collapsed, Component }) => (
        <Panel key={id} id={id} title={title} collapsed={collapsed}>
          <Component />
        </Panel>
      ))}
    </aside>
  );
}
