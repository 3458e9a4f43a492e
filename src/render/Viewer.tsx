// The full-window 3D canvas. The renderer is created asynchronously (WebGPU needs an adapter
// and device first); frames are drawn on demand, so an idle view costs nothing.
import { Canvas } from '@react-three/fiber';
import { useAppStore } from '../state/store';
import { createRenderer, rendererPreference } from './createRenderer';
import { SceneContent } from './SceneContent';
import type { ViewerEvents } from './viewerHandle';

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
