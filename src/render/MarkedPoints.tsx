// Points marked over the shown layer in colours of their own (the explain view's, a selection),
// drawn as sprites like the layer's points. Reads only its props and the size attenuation setting.
import { useMemo } from 'react';
import { useAppStore } from '../state/store';
import { writeLinearColors } from './linearColors';
import { PointSprites } from './PointSprites';

/** `n` display colours 0..1 (3 a point), all `rgb` (0..255). */
export function uniformColors(n: number, rgb: readonly number[]): Float32Array {
  const srgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) srgb[3 * i + c] = rgb[c] / 255;
  return srgb;
}

/** `srgb`: display colours 0..1, 3 per point. */
export function MarkedPoints({ positions, srgb, size, referenceDepth }: { positions: Float32Array; srgb: Float32Array; size: number; referenceDepth: number }) {
  const attrs = useMemo(() => {
    const n = positions.length / 3;
    const colors = new Float32Array(n * 3);
    writeLinearColors(srgb, colors, null);
    return { colors, visibility: new Float32Array(n).fill(1) };
  }, [positions, srgb]);
  const attenuation = useAppStore((s) => s.settings.sizeAttenuation);
  return (
    <PointSprites
      positions={positions}
      colors={attrs.colors}
      visibility={attrs.visibility}
      colorVersion={0}
      size={size}
      attenuation={attenuation}
      referenceDepth={referenceDepth}
    />
  );
}
