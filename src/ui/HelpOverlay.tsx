import { useAppStore } from '../state/store';

const CONTROLS: [string, string][] = [
  ['Left drag', 'orbit'],
  ['Right drag / Shift + left drag', 'pan'],
  ['Wheel', 'zoom'],
  ['Click', 'inspect the nearest point or vertex'],
  ['R', 'reset view'],
  ['G', 'sample gallery'],
  ['O', 'scene segmentation overlay on / off'],
  ['B', 'boxes on / off'],
  ['M', 'measure: click points for a distance, height, area or angle (the Measure panel picks which)'],
  ['Enter / Backspace / Esc', 'while measuring: close an area / take back a point / drop the points, then the tool'],
  ['A', 'note: click a point, then type its text in the Notes panel (Enter saves it, Esc drops the point, then the tool)'],
  ['P', 'height profile: click points on the ground for its line; Enter or a double-click finishes, Backspace takes back a corner, Esc drops them, then the tool, then closes the enlarged plot'],
  ['C', 'clip box on / off: drag its handles to resize it, its square to move it'],
  ['S', 'section on / off: cut away what lies above a height'],
  ['T', 'view from above'],
  ['V', 'save the view (the Views panel lists the saved views and copies a link to the view)'],
  ['N', 'estimate normals for a cloud without them; with normals, lit points on / off'],
  ['L / X', 'label: take up the lasso / the box; a left drag then selects the points inside it (Shift adds, Alt or Ctrl takes away)'],
  ['Enter / Delete / Esc', 'while labelling: the selection takes the chosen class / loses its class / drop the selection, then the tool'],
  ['Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y', 'undo / redo a label edit'],
  ['? or H', 'show or hide this help'],
  ['Drop files', 'open them, a layer each (OBJ with its MTL, glTF with its buffers, PLY, OFF, STL, PCD, XYZ, LAS/LAZ, NPY with its arrays)'],
  ['Drop a folder', "open each model or scan in it as a layer, with the materials and arrays beside it (a ShapeNet model's, a Pointcept scene's)"],
  ['[ / ]', 'a folder of many scans (a KITTI sequence): the previous / next scan, in place of the one shown'],
];

export function HelpOverlay() {
  const open = useAppStore((s) => s.helpOpen);
  const toggle = useAppStore((s) => s.toggleHelp);
  if (!open) return null;
  return (
    <div className="help-overlay" data-testid="help-overlay" onClick={() => toggle(false)}>
      <div className="help-card" onClick={(e) => e.stopPropagation()}>
        <h2>Controls</h2>
        <table>
          <tbody>
            {CONTROLS.map(([key, what]) => (
              <tr key={key}>
                <th>{key}</th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button onClick={() => toggle(false)}>Close</button>
      </div>
    </div>
  );
}
