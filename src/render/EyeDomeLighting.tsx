// Eye-dome lighting (Boucheny, "Interactive Scientific Visualization of Large Datasets", 2009; the
// shading Potree draws colourless scans with): a pass over the depth buffer that darkens each
// pixel by how far it lies behind its neighbours on a log-depth scale, so edges and creases read
// without normals or lights. While mounted it draws every frame through its render pipeline.
import { useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, type RefObject } from 'react';
import { PerspectiveCamera, RenderPipeline, type Node, type WebGPURenderer } from 'three/webgpu';
import { exp, float, log2, max, pass, perspectiveDepthToViewZ, screenSize, screenUV, step, texture, uniform, vec2, vec4 } from 'three/tsl';

/** Potree's defaults: neighbours 1.4 px away, strength 1, response scaled by 300. */
const RADIUS_PX = 1.4;
const STRENGTH = 1;
const RESPONSE_SCALE = 300;
/** eight neighbours around a circle */
const NEIGHBOURS = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)] as const);

export interface EyeDomeLightingProps {
  /** how a frame is drawn, for a screenshot: set to this pipeline while mounted */
  draw: RefObject<() => void>;
}

export function EyeDomeLighting({ draw }: EyeDomeLightingProps) {
  const { gl, scene, camera, invalidate } = useThree();
  const pipeline = useMemo(() => {
    const scenePass = pass(scene, camera);
    // the scene camera's planes: cameraNear and cameraFar would be the full-screen quad's here
    const near = uniform(0.1);
    const far = uniform(1000);
    const color = scenePass.getTextureNode('output');
    // the pass's own depth texture: a sampled copy of its texture node reads an empty one here (three r187)
    const depthTexture = scenePass.getTexture('depth');
    scenePass.getTextureNode('depth');
    const depthAt = (uv: Node<'vec2'>) => texture(depthTexture, uv).r;
    // background (depth 1) has no depth to compare with: 1 where a pixel holds geometry
    const covered = (d: Node<'float'>) => float(1).sub(step(float(1), d));
    const logDepth = (d: Node<'float'>) => log2(max(perspectiveDepthToViewZ(d, near, far).negate(), 1e-6));
    const centreDepth = depthAt(screenUV);
    const centre = logDepth(centreDepth);
    const texel = vec2(RADIUS_PX, RADIUS_PX).div(screenSize);
    let sum: Node<'float'> = float(0);
    for (const [dx, dy] of NEIGHBOURS) {
      const d = depthAt(screenUV.add(vec2(dx, dy).mul(texel)));
      sum = sum.add(max(centre.sub(logDepth(d)), 0).mul(covered(d)));
    }
    const shade = exp(sum.div(NEIGHBOURS.length).mul(-RESPONSE_SCALE * STRENGTH));
    // the background keeps its colour
    const factor = shade.sub(1).mul(covered(centreDepth)).add(1);
    return { pipeline: new RenderPipeline(gl as unknown as WebGPURenderer, vec4(color.rgb.mul(factor), color.a)), near, far };
  }, [gl, scene, camera]);

  const render = useCallback(() => {
    if (camera instanceof PerspectiveCamera) {
      pipeline.near.value = camera.near;
      pipeline.far.value = camera.far;
    }
    pipeline.pipeline.render();
  }, [pipeline, camera]);

  useEffect(() => {
    const plain = draw.current;
    draw.current = render;
    invalidate();
    return () => {
      draw.current = plain;
      pipeline.pipeline.dispose();
      invalidate();
    };
  }, [pipeline, render, draw, invalidate]);

  // a frame callback with a priority takes over drawing from the canvas
  useFrame(render, 1);
  return null;
}
