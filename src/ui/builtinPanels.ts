// The viewer's own panels. Features register theirs the same way, in the slots PANEL_ORDER names.
import { InfoPanel } from './InfoPanel';
import { InspectorPanel } from './InspectorPanel';
import { LegendPanel } from './LegendPanel';
import { PANEL_ORDER, registerPanel } from './panelRegistry';
import { ViewSettingsPanel } from './ViewSettingsPanel';

export function registerBuiltinPanels(): void {
  registerPanel({ id: 'info', title: 'Info', side: 'left', order: PANEL_ORDER.info, Component: InfoPanel });
  registerPanel({ id: 'view', title: 'View', side: 'left', order: PANEL_ORDER.view, Component: ViewSettingsPanel });
  registerPanel({ id: 'legend', title: 'Legend', side: 'right', order: PANEL_ORDER.legend, Component: LegendPanel });
  registerPanel({ id: 'inspector', title: 'Inspector', side: 'right', order: PANEL_ORDER.inspector, Component: InspectorPanel });
}
