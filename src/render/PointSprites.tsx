// Points of any size on both backends: one instanced sprite per point (WebGPU has no point
// size, so THREE.Points would always be 1 px there). Buffers are allocated once per cloud;
// size changes touch uniforms and colour changes rewrite the colour attribute in place.
import { useThree } from '@react-three/fiber';
import { useEffect, useImperativeHandle, useMemo, type Ref } from 'react';
import { InstancedBufferAttribute, PointsNodeMaterial, Sprite, type EventDispatcher } from 'three/webgpu';
import { abs, float, instancedBufferAttribute, length, min, mix, normalize, positionView, step, transformNormalToView, uniform, uv, vec3 } from 'three/tsl';

export interface PointSpritesProps {
  positions: Float32Array;
  /** linear rgb 0..1, 3 per point; rewritten in place by the owner, who then bumps colorVersion */
  colors: Float32Array;
  /** 1 to draw a point, 0 to hide it; rewritten with the colours */
  visibility: Float32Array;
  colorVersion: number;
  /** diameter in CSS pixels; at `referenceDepth` when attenuated */
  size: number;
  attenuation: boolean;
  referenceDepth: number;
  /** points drawn while the camera moves: a prefix of `positions`, which must be in an order whose prefixes are even samples */
  movingCount?: number;
  /** unit normals, 3 per point, for lit points */
  normals?: Float32Array;
  /** shade each point by its normal under a light from the camera */
  lit?: boolean;
  /** for an owner that rewrites the arrays within a frame (the octree nodes in view) */
  ref?: Ref<PointSpritesHandle>;
}

/** A per-point vec3 attribute, typed as the vec3 node it is (three's types leave it untyped). */
const attributeVec3 = (attr: InstancedBufferAttribute) => instancedBufferAttribute(attr, 'vec3') as unknown as ReturnType<typeof vec3>;

/** Light a point keeps when its surface is seen edge-on: the rest comes from facing the camera. */
const LIT_AMBIENT = 0.3;
// How much bigger attenuation may make a point than its size, as Potree caps it: zoomed into a
// region of a scan, nearby points would otherwise grow into discs that hide everything behind them.
const MAX_ATTENUATED_GROWTH = 6;

export interface PointSpritesHandle {
  /** the arrays were rewritten: draw their first `count` points from this frame on */
  redraw(count: number): void;
}

export function PointSprites({ positions, colors, visibility, colorVersion, size, attenuation, referenceDepth, movingCount, normals, lit = false, ref }: PointSpritesProps) {
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as unknown as EventDispatcher<{ start: object; end: object }> | null;
  const built = useMemo(() => {
    const positionAttr = new InstancedBufferAttribute(positions, 3);
    const colorAttr = new InstancedBufferAttribute(colors, 3);
    const visibilityAttr = new InstancedBufferAttribute(visibility, 1);
    const uSize = uniform(size);
    const uRef = uniform(referenceDepth);
    const uAtten = uniform(attenuation ? 1 : 0);
    const uLit = uniform(0);
    // opaque: alpha testing cuts the round points, and opaque sprites write the depth that eye-dome lighting reads
    const material = new PointsNodeMaterial({ sizeAttenuation: false, alphaTest: 0.5, transparent: false });
    material.positionNode = instancedBufferAttribute(positionAttr, 'vec3');
    const color = attributeVec3(colorAttr);
    const normalAttr = normals ? new InstancedBufferAttribute(normals, 3) : null;
    if (normalAttr) {
      // a headlight: either side of a surface lights alike, so the normals' orientation does not matter
      const facing = abs(normalize(transformNormalToView(attributeVec3(normalAttr))).z);
      material.colorNode = color.mul(mix(float(1), float(LIT_AMBIENT).add(facing.mul(1 - LIT_AMBIENT)), uLit));
    } else material.colorNode = color;
    // Attenuation relative to the framing distance keeps `size` meaning pixels at first sight.
    material.sizeNode = uSize.mul(mix(float(1), min(uRef.div(positionView.z.negate().max(1e-6)), float(MAX_ATTENUATED_GROWTH)), uAtten));
    // Round points: drop the sprite's corners; hidden points are dropped whole (alphaTest).
    material.opacityNode = step(length(uv().sub(0.5)), float(0.5)).mul(instancedBufferAttribute(visibilityAttr, 'float'));
    const sprite = new Sprite(material);
    // Sprites share one quad geometry; an own copy lets its dispose free the instanced buffers,
    // which the renderer releases with the geometry of the objects that used them.
    sprite.geometry = sprite.geometry.clone();
    sprite.count = positions.length / 3;
    sprite.frustumCulled = false;
    // points to draw at rest, and whether the camera moves (a prefix of them is drawn then)
    const drawn = { count: sprite.count, moving: false };
    return { sprite, material, positionAttr, colorAttr, visibilityAttr, normalAttr, uSize, uRef, uAtten, uLit, drawn };
    // Rebuilt only for a new cloud (or its new normals); the other props update uniforms below.
  }, [positions, colors, visibility, normals]);
  const { drawn } = built;
  const shown = () => (drawn.moving && movingCount !== undefined ? Math.min(movingCount, drawn.count) : drawn.count);

  useImperativeHandle(
    ref,
    () => ({
      redraw(count) {
        drawn.count = count;
        built.sprite.count = shown();
        built.positionAttr.needsUpdate = true;
        built.colorAttr.needsUpdate = true;
        built.visibilityAttr.needsUpdate = true;
        if (built.normalAttr) built.normalAttr.needsUpdate = true;
      },
    }),
    [built, movingCount],
  );

  useEffect(
    () => () => {
      built.sprite.geometry.dispose();
      built.material.dispose();
    },
    [built],
  );

  useEffect(() => {
    built.uSize.value = size;
    built.uRef.value = referenceDepth;
    built.uAtten.value = attenuation ? 1 : 0;
    built.uLit.value = lit ? 1 : 0;
    invalidate();
  }, [built, size, referenceDepth, attenuation, lit, invalidate]);

  useEffect(() => {
    if (!controls || movingCount === undefined || movingCount >= positions.length / 3) return;
    const onStart = () => {
      drawn.moving = true;
      built.sprite.count = shown();
    };
    const onEnd = () => {
      drawn.moving = false;
      built.sprite.count = shown();
      invalidate();
    };
    controls.addEventListener('start', onStart);
    controls.addEventListener('end', onEnd);
    return () => {
      controls.removeEventListener('start', onStart);
      controls.removeEventListener('end', onEnd);
    };
  }, [built, controls, movingCount, positions, invalidate]);

  useEffect(() => {
    built.colorAttr.needsUpdate = true;
    built.visibilityAttr.needsUpdate = true;
    invalidate();
  }, [built, colorVersion, invalidate]);

  return <primitive object={built.sprite} />;
}
