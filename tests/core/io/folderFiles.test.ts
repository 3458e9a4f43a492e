import { describe, expect, it } from 'vitest';
import { chooseFolderFiles } from '../../../src/core/io';

describe('chooseFolderFiles', () => {
  it('opens a ShapeNet model folder at its mesh with the material beside it, leaving its json and textures', () => {
    const paths = [
      '1a2b/models/model_normalized.json',
      '1a2b/images/texture0.jpg',
      '1a2b/models/model_normalized.mtl',
      '1a2b/models/model_normalized.obj',
      '1a2b/.DS_Store',
    ];
    expect(chooseFolderFiles(paths)).toEqual({ read: ['1a2b/models/model_normalized.obj', '1a2b/models/model_normalized.mtl'] });
  });

  it('opens a Pointcept scene at coord.npy with only its own folder\'s arrays, and names the scans it leaves', () => {
    const rooms = ['Area_6_office_2', 'Area_6_office_1'].flatMap((room) => ['segment', 'color', 'coord'].map((a) => `area6/${room}/${a}.npy`));
    const choice = chooseFolderFiles(rooms);
    expect(choice.read).toEqual(['area6/Area_6_office_1/coord.npy', 'area6/Area_6_office_1/segment.npy', 'area6/Area_6_office_1/color.npy']);
    expect(choice.note).toBe('only area6/Area_6_office_1/coord.npy was opened from the folder; it also holds area6/Area_6_office_2/coord.npy: open it on its own');
  });

  it('prefers the file nearest the top of the folder, and names no more than five of the others', () => {
    const paths = ['scans/deep/a.ply', 'scans/z.las', ...Array.from({ length: 7 }, (_, i) => `scans/more/m${i}.pcd`)];
    const choice = chooseFolderFiles(paths);
    expect(choice.read).toEqual(['scans/z.las']);
    expect(choice.note).toBe('only scans/z.las was opened from the folder; it also holds scans/deep/a.ply, scans/more/m0.pcd, scans/more/m1.pcd, scans/more/m2.pcd, scans/more/m3.pcd and 3 more: open them on their own');
  });

  it('opens a scan before a dataset\'s text files, and a text file where there is nothing else', () => {
    const dataset = ['s3dis/classes.txt', 's3dis/mapping.csv', 's3dis/Area_6_office_1/coord.npy', 's3dis/Area_6_office_1/color.npy'];
    expect(chooseFolderFiles(dataset).read).toEqual(['s3dis/Area_6_office_1/coord.npy', 's3dis/Area_6_office_1/color.npy']);
    // S3DIS as published: a room's points in one text file, its objects' in Annotations/
    const room = ['office_1/Annotations/chair_1.txt', 'office_1/office_1.txt', 'office_1/Annotations/wall_1.txt'];
    expect(chooseFolderFiles(room).read).toEqual(['office_1/office_1.txt']);
  });

  it('refuses a folder of nothing it reads, or of companions alone', () => {
    expect(() => chooseFolderFiles(['shots/a.png', 'shots/b.json'])).toThrow(/^holds no file pointlens reads \(\.ply .*\.las .*\) beside its materials and label arrays$/);
    expect(() => chooseFolderFiles(['room/color.npy', 'room/segment.npy'])).toThrow(/holds no file pointlens reads/);
  });
});
