import { describe, expect, it } from 'vitest';
import { distanceFieldName } from '../../../src/core/layers/cloudDistance';
import { canSignTo, referenceChoices } from '../../../src/features/compare/compare';
import type { LayerEntry } from '../../../src/state/slices/layers';

describe('distance to a layer', () => {
  it('names the field after the reference file, as a PLY property name', () => {
    expect(distanceFieldName('scene0000_00.ply')).toBe('distance_to_scene0000_00');
    expect(distanceFieldName('rooms/Area 1 (2024).copc.laz')).toBe('distance_to_Area_1_2024_copc');
    expect(distanceFieldName('.ply')).toBe('distance_to_layer');
    expect(distanceFieldName(`${'x'.repeat(80)}.las`)).toHaveLength('distance_to_'.length + 40);
    expect(distanceFieldName('C:\\scans\\before.las')).toBe('distance_to_before');
  });

  it('offers every layer but the active one', () => {
    const entry = (id: string, fileName: string) => ({ meta: { id, fileName } }) as LayerEntry;
    const layers = [entry('a', 'one.ply'), entry('b', 'two.las'), entry('c', 'three.obj')];
    expect(referenceChoices({ layer: { id: 'b' }, layers })).toEqual([
      { id: 'a', name: 'one.ply' },
      { id: 'c', name: 'three.obj' },
    ]);
    expect(referenceChoices({ layer: null, layers: [] })).toEqual([]);
  });

  it('signs distances only to a layer with normals: a mesh by its faces, a cloud by its own', () => {
    const positions = new Float32Array(9);
    const layer = (geometry: object) => ({ data: { geometry } }) as never;
    const parked = {
      mesh: layer({ kind: 'mesh', positions, indices: Uint32Array.of(0, 1, 2) }),
      normals: layer({ kind: 'points', positions, normals: new Float32Array(9) }),
      bare: layer({ kind: 'points', positions }),
    };
    expect(canSignTo({ parked }, 'mesh')).toBe(true);
    expect(canSignTo({ parked }, 'normals')).toBe(true);
    expect(canSignTo({ parked }, 'bare')).toBe(false);
    expect(canSignTo({ parked }, 'gone')).toBe(false);
  });
});
