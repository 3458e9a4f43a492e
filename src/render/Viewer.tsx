// The full-window 3D canvas. The renderer is created asynchronously (WebGPU needs an adapter
// and device first); frames are drawn on demand, so an idle view costs nothing.
import { Canvas } from '@react-three/fiber';
import { useViewerStore } from '../state/store';
import { createRenderer, rendererPreference } from './createRenderer';
import { SceneContent } from './SceneContent';

async function makeRenderer(props: { canvas: unknown }) {
  const { renderer, kind, software } = await createRenderer(props.canvas as HTMLCanvasElement, rendererPreference(location.search));
  useViewerStore.getState().setRenderer({ kind, software });
  return renderer;
}

export function Viewer() {
  const background = useViewerStore((s) => s.settings.background);
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
      <SceneContent />
    </Canvas>
  );
}
