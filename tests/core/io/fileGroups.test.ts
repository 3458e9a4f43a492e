import { describe, expect, it } from 'vitest';
import { fileGroups } from '../../../src/core/io';

const named = (names: string[]) => fileGroups(names).map((g) => g.map((i) => names[i]));

describe('fileGroups', () => {
  it('keeps one file with its companions, and files of no known format, as one group', () => {
    expect(named(['chair.obj', 'chair.mtl', 'model.json'])).toEqual([['chair.obj', 'chair.mtl', 'model.json']]);
    expect(named(['scene0000_00_sem_label.npy', 'scene0000_00_vert.npy'])).toEqual([['scene0000_00_sem_label.npy', 'scene0000_00_vert.npy']]);
  });

  it('makes a group of each scan or model, each with the companions that are its own', () => {
    const names = [
      'chair.obj',
      'table.obj',
      'table.mtl',
      'chair.mtl',
      'scene0000_00_vert.npy',
      'scene0001_00_vert.npy',
      'scene0001_00_sem_label.npy',
      'scene0000_00_ins_label.npy',
      'room.ply',
      'texture.png',
    ];
    expect(named(names)).toEqual([
      ['chair.obj', 'chair.mtl', 'texture.png'],
      ['table.obj', 'table.mtl'],
      ['scene0000_00_vert.npy', 'scene0000_00_ins_label.npy'],
      ['scene0001_00_vert.npy', 'scene0001_00_sem_label.npy'],
      ['room.ply'],
    ]);
  });

  it("gives each Pointcept scene's arrays to the coord.npy of their own folder", () => {
    const names = ['a/coord.npy', 'b/coord.npy', 'b/color.npy', 'a/color.npy', 'a/segment.npy'];
    expect(named(names)).toEqual([
      ['a/coord.npy', 'a/color.npy', 'a/segment.npy'],
      ['b/coord.npy', 'b/color.npy'],
    ]);
  });

  it('gives a companion with no file of its own to the first one, whose reader says it is not its own', () => {
    expect(named(['a.ply', 'b.ply', 'lonely.mtl', 'x_sem_label.npy'])).toEqual([['a.ply', 'lonely.mtl', 'x_sem_label.npy'], ['b.ply']]);
  });
});
