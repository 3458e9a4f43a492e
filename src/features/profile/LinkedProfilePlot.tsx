// The active layer's profile plotted, tied to the scene: the point hovered in the plot is marked
// where it lies in the 3D view, and a click on one inspects it. The side panel and the large panel
// show it, each at its own size.
import type { Profile } from '../../core/geometry/profile';
import { lengthUnitOf } from '../../state/measurements';
import { profileLengthText } from '../../state/profile';
import { useAppStore } from '../../state/store';
import { hoverProfilePoint, inspectProfilePoint } from './profile';
import { ProfilePlot } from './ProfilePlot';

export interface LinkedProfilePlotProps {
  cut: Profile;
  colors: Uint8Array;
  /** as tall as the box it is in (the large panel) */
  fill?: boolean;
  testId?: string;
}

export function LinkedProfilePlot({ cut, colors, fill, testId }: LinkedProfilePlotProps) {
  const layer = useAppStore((s) => s.layer);
  const layerData = useAppStore((s) => s.layerData);
  const settings = useAppStore((s) => s.settings);
  const inputs = { layer, layerData, settings };
  return (
    <ProfilePlot
      distances={cut.distances}
      heights={cut.heights}
      colors={colors}
      length={cut.length}
      format={(v) => profileLengthText(inputs, v)}
      unit={lengthUnitOf(inputs)}
      fill={fill}
      testId={testId}
      onHover={(k) => hoverProfilePoint(k === null ? null : cut.indices[k])}
      onPick={(k) => inspectProfilePoint(cut.indices[k])}
    />
  );
}
