// Wavefront MTL: only what the viewer shows, each material's diffuse colour (Kd).
import { decodeText, withoutBom } from './text';

export interface MtlMaterial {
  diffuse?: [number, number, number];
}

export function parseMtl(bytes: Uint8Array): Map<string, MtlMaterial> {
  const materials = new Map<string, MtlMaterial>();
  let current: MtlMaterial | undefined;
  for (const raw of decodeText(withoutBom(bytes)).split(/\r\n?|\n/)) {
    const line = raw.trim();
    if (line.startsWith('newmtl')) {
      current = {};
      materials.set(line.slice(6).trim(), current);
    } else if (current && /^Kd\s/.test(line)) {
      const v = line.slice(2).trim().split(/\s+/).map(Number);
      if (v.length >= 3 && v.slice(0, 3).every(Number.isFinite)) current.diffuse = [v[0], v[1], v[2]];
    }
  }
  return materials;
}
