import { describe, expect, it } from 'vitest';
import { MAX_FOLDER_LAYERS, chooseFolderFiles, fileGroups, filesFor } from '../../../src/core/io';

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

  it('opens each of a few scans, with the companions of their folders, and leaves a text file beside them', () => {
    const rooms = ['Area_6_office_2', 'Area_6_office_1'].flatMap((room) => ['segment', 'color', 'coord'].map((a) => `area6/${room}/${a}.npy`));
    const choice = chooseFolderFiles([...rooms, 'area6/class_names.txt', 'area6/deep/er/scan.ply']);
    expect(choice.read.slice(0, 3)).toEqual(['area6/Area_6_office_1/coord.npy', 'area6/Area_6_office_2/coord.npy', 'area6/deep/er/scan.ply']);
    expect(choice.read.slice(3).sort()).toEqual(rooms.filter((p) => !p.endsWith('coord.npy')).sort());
    expect(choice.note).toBe('3 files were opened from the folder; it also holds area6/class_names.txt: open it on its own');
  });

  it(`opens only the first file of a dataset's folder (more than ${MAX_FOLDER_LAYERS}), nearest the top, and names five of the others`, () => {
    const paths = ['scans/deep/a.ply', 'scans/z.las', ...Array.from({ length: MAX_FOLDER_LAYERS }, (_, i) => `scans/more/m${i}.pcd`)];
    const choice = chooseFolderFiles(paths);
    expect(choice.read).toEqual(['scans/z.las']);
    expect(choice.note).toBe(
      `only scans/z.las was opened from the folder; it also holds scans/deep/a.ply, scans/more/m0.pcd, scans/more/m1.pcd, scans/more/m2.pcd, scans/more/m3.pcd and ${MAX_FOLDER_LAYERS - 4} more: open them on their own`,
    );
    // the others a step away, in the order the first was chosen in
    expect(choice.sequence).toEqual(['scans/z.las', 'scans/deep/a.ply', ...Array.from({ length: MAX_FOLDER_LAYERS }, (_, i) => `scans/more/m${i}.pcd`)]);
  });

  it('leaves a folder of a few files without a sequence: they are all open', () => {
    expect(chooseFolderFiles(['two/a.ply', 'two/b.ply']).sequence).toBeUndefined();
  });

  it("opens a SemanticKITTI sequence at its first scan, with that scan's labels from the folder beside its own", () => {
    const scans = Array.from({ length: 12 }, (_, i) => String(i).padStart(6, '0'));
    const paths = ['00/calib.txt', '00/poses.txt', ...scans.flatMap((s) => [`00/velodyne/${s}.bin`, `00/labels/${s}.label`])];
    const choice = chooseFolderFiles(paths);
    expect(choice.read).toEqual(['00/velodyne/000000.bin', '00/labels/000000.label']);
    expect(choice.note).toBe('only 00/velodyne/000000.bin was opened from the folder; it also holds 00/calib.txt, 00/poses.txt, 00/velodyne/000001.bin, 00/velodyne/000002.bin, 00/velodyne/000003.bin and 8 more: open them on their own');
    expect(fileGroups(choice.read)).toEqual([[0, 1]]);
    // each scan of the sequence is read with its own labels, and a scan without labels alone
    expect(choice.sequence).toEqual(scans.map((s) => `00/velodyne/${s}.bin`));
    expect(filesFor([choice.sequence![5]], paths)).toEqual(['00/velodyne/000005.bin', '00/labels/000005.label']);
    expect(filesFor(['00/velodyne/000005.bin'], paths.filter((p) => p !== '00/labels/000005.label'))).toEqual(['00/velodyne/000005.bin']);
  });

  it("opens a folder of VoteNet frames at its first, with that frame's colours and labels only", () => {
    const frames = ['000001', '000002', '000003', '000004', '000005', '000006', '000007', '000008', '000009'];
    const paths = frames.flatMap((f) => ['xyz', 'rgb', 'boxes'].map((a) => `sunrgbd/sunrgbd_${f}_${a}.npy`));
    const scans = Array.from({ length: 9 }, (_, i) => ['vert', 'sem_label', 'ins_label'].map((a) => `scannet/scene000${i}_00_${a}.npy`)).flat();
    const choice = chooseFolderFiles(paths);
    expect(choice.read).toEqual(['sunrgbd/sunrgbd_000001_xyz.npy', 'sunrgbd/sunrgbd_000001_rgb.npy', 'sunrgbd/sunrgbd_000001_boxes.npy']);
    expect(choice.sequence).toHaveLength(9);
    expect(filesFor([choice.sequence![4]], paths)).toEqual(['sunrgbd/sunrgbd_000005_xyz.npy', 'sunrgbd/sunrgbd_000005_rgb.npy', 'sunrgbd/sunrgbd_000005_boxes.npy']);
    expect(filesFor(['scannet/scene0003_00_vert.npy'], scans)).toEqual(['scannet/scene0003_00_vert.npy', 'scannet/scene0003_00_sem_label.npy', 'scannet/scene0003_00_ins_label.npy']);
  });

  it('opens text files where there is nothing else', () => {
    // S3DIS as published: a room's points in one text file, its objects' in Annotations/
    const room = ['office_1/office_1.txt', ...Array.from({ length: MAX_FOLDER_LAYERS }, (_, i) => `office_1/Annotations/chair_${i}.txt`)];
    expect(chooseFolderFiles(room).read).toEqual(['office_1/office_1.txt']);
    expect(chooseFolderFiles(['shapes/cup_1.txt', 'shapes/cup_2.txt']).read).toEqual(['shapes/cup_1.txt', 'shapes/cup_2.txt']);
  });

  it('refuses a folder of nothing it reads, or of companions alone', () => {
    expect(() => chooseFolderFiles(['shots/a.png', 'shots/b.json'])).toThrow(/^holds no file pointlens reads \(\.ply .*\.las .*\) beside its materials and label arrays$/);
    expect(() => chooseFolderFiles(['room/color.npy', 'room/segment.npy'])).toThrow(/holds no file pointlens reads/);
  });
});
