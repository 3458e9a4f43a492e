// The current layer as points or a mesh. Colour buffers are allocated once per layer; a colour
// mode change repaints them in place and bumps a version, never rebuilding the scene graph.
import { useEffect, useMemo, useState } from 'react';
import { colorModes, initialColorMode } from '../core/color/colorModes';
import { colorSourceOf, type LayerData } from '../state/layerRegistry';
import { useViewerStore } from '../state/store';
import { hexToRgb } from '../state/viewSettings';
import { DISPLAY_BUDGET, displayOrder, gatherRows } from './displaySubset';
import { writeLinearColors } from './linearColors';
import { MeshSurface } from './MeshSurface';
import { PointSprites } from './PointSprites';

export interface LayerViewProps {
  layerId: string;
  data: LayerData;
  /** camera distance at which points are `pointSize` pixels wide */
  referenceDepth: number;
}

export function LayerView({ layerId, data, referenceDepth }: LayerViewProps) {
  const settings = useViewerStore((s) => s.settings);
  const overlays = useViewerStore((s) => s.layer?.overlays);
  const software = useViewerStore((s) => s.renderer?.software ?? false);
  const { geometry } = data;
  const count = geometry.positions.length / 3;

  const display = useMemo(() => {
    // Meshes draw all vertices; only clouds are thinned for display.
    const budget = software ? DISPLAY_BUDGET.software : DISPLAY_BUDGET.hardware;
    const indices = geometry.kind === 'points' ? displayOrder(count, budget) : null;
    const positions = indices ? gatherRows(geometry.positions, 3, indices, new Float32Array(indices.length * 3)) : geometry.positions;
    const drawn = positions.length / 3;
    return {
      indices,
      positions,
      movingCount: Math.min(drawn, budget.moving),
      srgb: new Float32Array(count * 3),
      linear: new Float32Array(positions.length),
      visible: new Uint8Array(count),
      drawnVisible: new Float32Array(drawn),
    };
  }, [geometry, count, software]);

  useEffect(() => {
    useViewerStore.getState().patchLayer(layerId, { displayedPoints: display.positions.length / 3 });
  }, [layerId, display]);

  const [colorVersion, setColorVersion] = useState(0);
  const { colorMode, colorMap, uniformColor, upAxis } = settings;
  const hidden = settings.hiddenLabels[colorMode];
  useEffect(() => {
    const source = colorSourceOf(data);
    const mode = colorModes.find(source, colorMode);
    if (!mode) {
      // A mode of the previous layer (or a removed overlay): fall back to this layer's own.
      useViewerStore.getState().updateSettings({ colorMode: initialColorMode(source) });
      return;
    }
    const hiddenLabels = new Set(Array.isArray(hidden) ? hidden : []);
    display.visible.fill(1);
    const legend = mode.paint(source, { colorMap, uniformColor: hexToRgb(uniformColor), upAxis, hiddenLabels }, display.srgb, display.visible);
    writeLinearColors(display.srgb, display.linear, display.indices);
    const { visible, drawnVisible, indices } = display;
    for (let i = 0; i < drawnVisible.length; i++) drawnVisible[i] = visible[indices ? indices[i] : i];
    data.visible = hiddenLabels.size ? visible : undefined;
    useViewerStore.getState().setLegend(legend);
    setColorVersion((v) => v + 1);
  }, [data, display, colorMode, colorMap, uniformColor, upAxis, overlays, hidden]);

  const points = (
    <PointSprites
      positions={display.positions}
      colors={display.linear}
      visibility={display.drawnVisible}
      colorVersion={colorVersion}
      size={settings.pointSize}
      attenuation={settings.sizeAttenuation}
      referenceDepth={referenceDepth}
      movingCount={display.movingCount}
    />
  );
  if (geometry.kind === 'points' || settings.meshMode === 'points') return points;
  return (
    <MeshSurface
      positions={geometry.positions}
      normals={geometry.normals}
      indices={geometry.indices}
      colors={display.linear}
      colorVersion={colorVersion}
      wireframe={settings.meshMode === 'wireframe'}
      flat={data.flatShading ?? false}
    />
  );
}
