// The full-window 3D canvas. The renderer is created asynchronously (WebGPU needs an adapter
// and device first); frames are drawn on demand, so an idle view costs nothing.
import { Canvas } from '@react-three/fiber';
import { PCFShadowMap } from 'three';
import { useAppStore } from '../state/store';
import { createRenderer, rendererPreference } from './createRenderer';
import { SceneContent } from './SceneContent';
import type { ViewerEvents } from './viewerHandle';

const NO_SHADOWS = { enabled: false, type: PCFShadowMap };

export function Viewer(events: ViewerEvents) {
  const background = useAppStore((s) => s.settings.background);
  const makeRenderer = async (props: { canvas: unknown }) => {
    const { renderer, kind, software } = await createRenderer(props.canvas as HTMLCanvasElement, rendererPreference(location.search));
    events.onRenderer({ kind, software });
    return renderer;
  };
  return (
    <Canvas
      data-testid="viewer-canvas"
      className="viewer-canvas"
      frameloop="demand"
      // no shadows are cast; said as an object, since the default sets a soft shadow map that the WebGPU renderer warns it no longer has
      shadows={NO_SHADOWS}
      flat
      dpr={[1, 2]}
      gl={makeRenderer}
      camera={{ fov: 50, near: 0.01, far: 1000, position: [2, 1.5, 2.5] }}
    >
      <color attach="background" args={[background]} />
      <SceneContent {...events} />
    </Canvas>
  );
}
