import { describe, expect, it } from 'vitest';
import { parseXyz, xyzLoader } from '../../../src/core/io/xyz';
import { ZEROS_AND_ONES_NOTE } from '../../../src/core/io/colorDepth';
import type { PointCloud } from '../../../src/core/types';
import { fixture, fixtureText, scanFixture, utf8 } from './helpers';

const rows = (c: PointCloud, n: number, f: (i: number) => (number | string)[], sep = ' ') =>
  Array.from({ length: n }, (_, i) => [...Array.from(c.positions.slice(i * 3, i * 3 + 3)), ...f(i)].join(sep));

describe('parseXyz', () => {
  it("reads ModelNet's x,y,z,nx,ny,nz as positions and normals, y-up", () => {
    const r = parseXyz(fixture('airplane_0001.txt'));
    const c = r.data as PointCloud;
    expect(c.positions.length).toBe(1024 * 3);
    expect(Array.from(c.positions.slice(0, 3))).toEqual([-0.09879, -0.1823, 0.1638].map(Math.fround));
    expect(Array.from(c.normals!.slice(0, 3))).toEqual([0.829, -0.5572, -0.04818].map(Math.fround));
    expect(c.colors).toBeUndefined();
    expect(Object.keys(c.fields)).toEqual([]);
    expect(r.upAxis).toBe('y');
  });

  it('takes an uncoloured cloud larger than a normalised sample for a survey or CAD export, z-up', () => {
    // 100 units of rolling ground, its z the height: y-up, it stood on its edge and was named a door
    const ground: string[] = [];
    for (let i = 0; i < 400; i++) ground.push(`${(i % 20) * 5} ${Math.floor(i / 20) * 5} ${(3 * Math.sin(i)).toFixed(3)}`);
    expect(parseXyz(utf8(ground.join('\n') + '\n')).upAxis).toBe('z');
    // far from zero too, whatever its size
    expect(parseXyz(utf8('500000.1 4000000.2 300.3\n500000.2 4000000.4 300.1\n')).upAxis).toBe('z');
    // a sample scaled a little past the unit sphere stays y-up
    expect(parseXyz(utf8('1.8 -0.2 0.3\n-1.1 0.4 0.2\n')).upAxis).toBe('y');
  });

  it("reads ShapeNet-Part's x y z nx ny nz part with the part as an integer field", () => {
    const c = parseXyz(fixture('shapenetpart_04225987_1ad8d757.txt')).data as PointCloud;
    const lines = fixtureText('shapenetpart_04225987_1ad8d757.txt').trim().split('\n');
    expect(c.positions.length).toBe(lines.length * 3);
    expect(c.normals).toBeDefined();
    expect(c.fields.column_6).toBeInstanceOf(Int32Array);
    expect(Array.from(new Set(c.fields.column_6)).sort()).toEqual(Array.from(new Set(lines.map((l) => Number(l.split(' ')[6])))).sort());
  });

  it('reads S3DIS-style x y z r g b as colours, z-up; PTS with a count line; CSV with a header', async () => {
    const scan = await scanFixture();
    const n = 300;
    const rgb = (i: number) => Array.from(scan.colors!.slice(i * 3, i * 3 + 3));
    const s3dis = parseXyz(utf8(rows(scan, n, rgb).join('\n') + '\n'));
    expect((s3dis.data as PointCloud).colors).toEqual(scan.colors!.slice(0, n * 3));
    expect(s3dis.upAxis).toBe('z');
    const pts = parseXyz(utf8(`${n}\r\n` + rows(scan, n, rgb).join('\r\n')));
    expect(pts.data.positions).toEqual(scan.positions.slice(0, n * 3));
    const csv = ['X,Y,Z,Red,Green,Blue,label', ...rows(scan, n, (i) => [...rgb(i), scan.fields.label[i]], ',')].join('\n');
    const c = parseXyz(utf8(csv)).data as PointCloud;
    expect(c.colors).toEqual(scan.colors!.slice(0, n * 3));
    expect(Array.from(c.fields.label)).toEqual(Array.from(scan.fields.label.slice(0, n)));
    const cloudCompare = ['//X,Y,Z,intensity', ...rows(scan, n, (i) => [scan.fields.instance[i] + 0.5], ',')].join('\n');
    expect(Array.from((parseXyz(utf8(cloudCompare)).data as PointCloud).fields.intensity.slice(0, 2))).toEqual([scan.fields.instance[0] + 0.5, scan.fields.instance[1] + 0.5]);
  });

  it('reads PTS and Semantic3D x y z intensity r g b as an intensity field and colours, and checks a PTS count line', async () => {
    const scan = await scanFixture();
    const n = 300;
    const rgb = (i: number) => Array.from(scan.colors!.slice(i * 3, i * 3 + 3));
    const grey = (i: number) => Math.round(rgb(i).reduce((a, b) => a + b) / 3);
    // Semantic3D's intensities are signed 12-bit values; a PTS export's may fit a byte, as red would
    const semantic3d = parseXyz(utf8(rows(scan, n, (i) => [grey(i) * 16 - 2048, ...rgb(i)]).join('\n'))).data as PointCloud;
    const pts = parseXyz(utf8(`${n}\n` + rows(scan, n, (i) => [grey(i), ...rgb(i)]).join('\n')));
    for (const [c, intensity] of [
      [semantic3d, (i: number) => grey(i) * 16 - 2048],
      [pts.data as PointCloud, grey],
    ] as const) {
      expect(c.colors).toEqual(scan.colors!.slice(0, n * 3));
      expect(Object.keys(c.fields)).toEqual(['intensity']);
      expect(Array.from(c.fields.intensity)).toEqual(Array.from({ length: n }, (_, i) => intensity(i)));
    }
    expect(pts.warnings).toEqual([]);
    const short = parseXyz(utf8(`${n + 1}\n` + rows(scan, n, (i) => [grey(i), ...rgb(i)]).join('\n')));
    expect(short.warnings).toEqual([`says on its first line that it holds ${n + 1} points, but has ${n}; all were read`]);
    // without a count line, a last column that fits a byte is a label after the colours
    const labelled = parseXyz(utf8(rows(scan, n, (i) => [...rgb(i), scan.fields.label[i]]).join('\n'))).data as PointCloud;
    expect(labelled.colors).toEqual(scan.colors!.slice(0, n * 3));
    expect(Array.from(labelled.fields.column_6)).toEqual(Array.from(scan.fields.label.slice(0, n)));
  });

  it('reads 16-bit colours under a header (PDAL writes LAS colours so) by their high byte', async () => {
    const scan = await scanFixture();
    const n = 300;
    const csv = ['X,Y,Z,Red,Green,Blue', ...rows(scan, n, (i) => Array.from(scan.colors!.slice(i * 3, i * 3 + 3), (v) => v * 257), ',')].join('\n');
    expect((parseXyz(utf8(csv)).data as PointCloud).colors).toEqual(scan.colors!.slice(0, n * 3));
  });

  it("reads 0..1 float colours (Open3D's xyzrgb, numpy's savetxt) as fractions, with or without a header, and not a normal among them", async () => {
    const scan = await scanFixture();
    const n = 300;
    const fractions = (i: number) => Array.from(scan.colors!.slice(i * 3, i * 3 + 3), (v) => v / 255);
    const open3d = parseXyz(utf8(rows(scan, n, (i) => fractions(i).map((v) => v.toFixed(6))).join('\n') + '\n'));
    expect((open3d.data as PointCloud).colors).toEqual(scan.colors!.slice(0, n * 3));
    expect(Object.keys((open3d.data as PointCloud).fields)).toEqual([]);
    expect(open3d.upAxis).toBe('z');
    expect(open3d.warnings).toEqual([]);
    // numpy.savetxt's default "%.18e", a label after the colours
    const savetxt = rows(scan, n, (i) => [...fractions(i), scan.fields.label[i]].map((v) => v.toExponential(18))).join('\n');
    const labelled = parseXyz(utf8(savetxt)).data as PointCloud;
    expect(labelled.colors).toEqual(scan.colors!.slice(0, n * 3));
    expect(Array.from(labelled.fields.column_6)).toEqual(Array.from(scan.fields.label.slice(0, n)));
    const csv = parseXyz(utf8(['x,y,z,red,green,blue', ...rows(scan, n, fractions, ',')].join('\n'))).data as PointCloud;
    expect(csv.colors).toEqual(scan.colors!.slice(0, n * 3));
    // unit vectors of 0..1 values are normals before they are colours
    const normals = parseXyz(utf8(rows(scan, n, (i) => (i % 2 ? [0.6, 0.8, 0] : [0, 0.28, 0.96])).join('\n'))).data as PointCloud;
    expect(normals.normals).toBeDefined();
    expect(normals.colors).toBeUndefined();
  });

  it('reads colours of only 0s and 1s as 0..255 values, saying that the file does not tell', () => {
    for (const text of ['1 2 3 0 1 0\n4 5 6 1 1 0\n', 'x,y,z,red,green,blue\n1,2,3,0,1,0\n4,5,6,1.0,1.0,0.0\n']) {
      const r = parseXyz(utf8(text));
      expect(Array.from((r.data as PointCloud).colors!)).toEqual([0, 1, 0, 1, 1, 0]);
      expect(r.warnings).toEqual([ZEROS_AND_ONES_NOTE]);
    }
    // a value between 0 and 1 says they are fractions
    expect(Array.from((parseXyz(utf8('1 2 3 0 1 0\n4 5 6 1 0.5 0\n')).data as PointCloud).colors!)).toEqual([0, 255, 0, 255, 128, 0]);
    // and a value over 1, that they are not
    expect(Array.from((parseXyz(utf8('1 2 3 0 1 0\n4 5 6 1 2 0\n')).data as PointCloud).colors!)).toEqual([0, 1, 0, 1, 2, 0]);
  });

  it('reads commas between digits as decimal marks, with a warning, in text that separates its values with spaces or tabs', () => {
    const warning = 'separates its values with spaces or tabs and writes them with one comma and no point, so its commas were read as decimal marks ("2,5" as 2.5)';
    for (const sep of [' ', '\t']) {
      const r = parseXyz(utf8(['x y z r g b', '2,9761 -1,4625 1,0578 181 152 112', '0,0507 3 1,1576 147 130 94', ''].join('\n').replaceAll(' ', sep)));
      expect(Array.from(r.data.positions)).toEqual([2.9761, -1.4625, 1.0578, 0.0507, 3, 1.1576].map(Math.fround));
      expect(r.warnings).toEqual([warning]);
    }
    // commas that separate values, alone or before a space, stay separators
    for (const text of ['0.1,0.2,0.3,0,0,2\n', '1,2,3\n4,5,6\n', '1, 2, 3\n4, 5, 6\n']) {
      const r = parseXyz(utf8(text));
      expect(r.warnings).toEqual([]);
      expect(r.data.positions.length % 3).toBe(0);
    }
    expect(Array.from(parseXyz(utf8('1, 2, 3\n')).data.positions)).toEqual([1, 2, 3]);
  });

  it('reads what spreadsheets and pandas write: quoted names and values, an unnamed index column, quoted decimal commas', async () => {
    const scan = await scanFixture();
    const n = 50;
    const rgb = (i: number) => Array.from(scan.colors!.slice(i * 3, i * 3 + 3));
    const quote = (values: (number | string)[]) => values.map((v) => `"${v}"`).join(',');
    const quoted = [quote(['x', 'y', 'z', 'red', 'green', 'blue', 'Scalar field']), ...rows(scan, n, (i) => [...rgb(i), scan.fields.label[i]], ' ').map((l) => quote(l.split(' ')))].join('\r\n');
    const r = parseXyz(utf8(quoted));
    const c = r.data as PointCloud;
    expect(c.positions).toEqual(scan.positions.slice(0, n * 3));
    expect(c.colors).toEqual(scan.colors!.slice(0, n * 3));
    expect(Array.from(c.fields['Scalar field'])).toEqual(Array.from(scan.fields.label.slice(0, n)));
    expect(r.warnings).toEqual([]);
    // pandas' to_csv leaves its index column unnamed
    const indexed = parseXyz(utf8(',x,y,z\n0,1.5,2.5,3.5\n1,4,5,6\n')).data as PointCloud;
    expect(Array.from(indexed.positions)).toEqual([1.5, 2.5, 3.5, 4, 5, 6]);
    expect(Array.from(indexed.fields.column_0)).toEqual([0, 1]);
    expect(Object.keys((parseXyz(utf8('"","x","y","z"\n0,1,2,3\n')).data as PointCloud).fields)).toEqual(['column_0']);
    // a comma inside quotes separates nothing
    const marks = parseXyz(utf8('"x","y","z"\n"1,5","2,5","3,5"\n"4","-5","6,25"\n'));
    expect(Array.from(marks.data.positions)).toEqual([1.5, 2.5, 3.5, 4, -5, 6.25]);
    expect(marks.warnings).toEqual(['writes commas inside quoted values, so they were read as decimal marks ("1,5" as 1.5)']);
    expect(parseXyz(utf8('"x","y","z","a,b"\n1,2,3,4\n')).warnings).toEqual([]);
    expect(() => parseXyz(utf8('"x","y","z"\n"1,234.5","2","3"\n'))).toThrow('line 2: ""1,234.5","2","3"" is neither numbers nor a header');
    expect(() => parseXyz(utf8('"x","y","z"\n"1","2","3"\n"1,234.5","2","3"\n'))).toThrow('line 3: "1.234.5" is not a number; the file writes commas inside quoted values, so they were read as decimal marks ("1,5" as 1.5)');
  });

  it('reads semicolon-separated values with decimal commas, quoted or not, and refuses those whose decimal mark is in doubt', () => {
    const semicolons = 'separates its values with semicolons, so its commas were read as decimal marks ("1,5" as 1.5)';
    for (const text of ['x;y;z\n1,5;2,5;3,5\n-4;5;,25\n', '"x";"y";"z"\n"1,5";"2,5";"3,5"\n"-4";"5";",25"\n']) {
      const r = parseXyz(utf8(text));
      expect(Array.from(r.data.positions)).toEqual([1.5, 2.5, 3.5, -4, 5, 0.25]);
      expect(r.warnings).toEqual([semicolons]);
    }
    const doubt = (line: number, value: string, what: string) =>
      `separates its values with semicolons and writes commas as decimal marks ("1,5"), but line ${line} holds "${value}", with ${what}: its decimal mark is in doubt (a thousands separator, or a line separated by commas); save it with one decimal mark and no thousands separators`;
    expect(() => parseXyz(utf8('x;y;z\n1,5;2,5;3,5\n1.234,5;2;3\n'))).toThrow(doubt(3, '1.234,5', 'both a point and a comma'));
    expect(() => parseXyz(utf8('# exported\nx;y;z\n1,5;2,5;3,5\n"1,234,5";2;3\n'))).toThrow(doubt(4, '1,234,5', 'more than one comma'));
    expect(() => parseXyz(utf8('x;y;z\n1,5;2,5;3,5\n1.5,2.5,3.5\n'))).toThrow(doubt(3, '1.5,2.5,3.5', 'both a point and a comma'));
    // past the 64 kB that decide, a value the marks read wrong is refused with how they were read
    const long = 'x;y;z\n' + '1,5;2,5;3,5\n'.repeat(6000) + '1,234,5;2;3\n';
    expect(() => parseXyz(utf8(long))).toThrow(`line 6002: "1.234.5" is not a number; the file ${semicolons}`);
  });

  it('keeps survey coordinates to the millimetre, relative to the middle of its points, as LAS does', () => {
    const utm = Array.from({ length: 20 }, (_, i) => `${500000 + i * 0.001} ${4500000 + i * 0.001} ${100 + i}`).join('\n');
    const r = parseXyz(utf8(utm));
    expect(r.origin).toEqual([500000, 4500000, 110]);
    expect(r.warnings).toEqual(['coordinates are kept relative to (500000, 4500000, 110), the middle of its points, to keep millimetres; the panels and exports add it back']);
    // each millimetre step survives: as 32-bit floats at 4.5e6 they would all be one value
    for (let i = 0; i < 20; i++) {
      expect(r.data.positions[3 * i] + 500000).toBeCloseTo(500000 + i * 0.001, 6);
      expect(r.data.positions[3 * i + 1] + 4500000).toBeCloseTo(4500000 + i * 0.001, 6);
    }
    expect(parseXyz(utf8('1.5 2.5 3.5\n4 5 6\n')).warnings).toEqual([]);
  });

  it('keeps NaN/inf words as values for the shared non-finite rule', () => {
    const c = parseXyz(utf8('1 2 3\nnan 2 3\n4 -inf 6\n')).data;
    expect(Array.from(c.positions)).toEqual([1, 2, 3, NaN, 2, 3, 4, -Infinity, 6]);
  });

  it('sniffs numeric text but not prose', () => {
    expect(xyzLoader.sniff(fixture('airplane_0001.txt'))).toBe(true);
    expect(xyzLoader.sniff(utf8('hello there\nthis is text\n'))).toBe(false);
  });

  it('says what is wrong with ragged, non-numeric, stray-byte or too narrow text', () => {
    expect(() => parseXyz(utf8('1 2 3\n4 5\n'))).toThrow(/line 2 has 2 values, but the first line has 3/);
    expect(() => parseXyz(utf8('1 2 3\n4 5 6 7\n'))).toThrow(/line 2 has more than the 3 values/);
    expect(() => parseXyz(utf8('1 2 3\n4 five 6\n'))).toThrow(/line 2: "five" is not a number/);
    expect(() => parseXyz(utf8('1 2\n3 4\n'))).toThrow('has 2 values a line; a point needs at least x, y and z');
    expect(() => parseXyz(utf8('1 2 3\n4\n'))).toThrow('line 2 has 1 value, but the first line has 3');
    // under a header, the line at odds with it is named, whether it has too few values for a point or more than it names
    expect(() => parseXyz(utf8('"x","y","z"\n"1","2"\n"2","3","4"\n'))).toThrow('line 2 has 2 values, but the header names 3 columns (x, y, z)');
    expect(() => parseXyz(utf8('# scan\nx,y,z\n1,2,3,4\n'))).toThrow('line 3 has 4 values, but the header names 3 columns (x, y, z)');
    // a quote left open, where its line's commas were read as decimal marks inside it ("1.2.3" is not a number)
    expect(() => parseXyz(utf8('x,y,z\n1,2,3\n"4,5,6\n7,8,9\n'))).toThrow('line 3 opens a double quote it does not close: "4,5,6');
    expect(() => parseXyz(utf8('x,y,z\n1,2,3\n"4","5","6\n'))).toThrow('line 3 opens a double quote it does not close: "4","5","6');
    // but not one in a comment, nor a quote written twice inside quotes
    expect(Object.keys(parseXyz(utf8('# a 3/4" pipe\n"x","y","z","the ""id"""\n1,2,3,4\n')).data.fields)).toEqual(['the "id"']);
    expect(() => parseXyz(new Uint8Array([0x31, 0x20, 0x32, 0x20, 0xff, 0xfe, 0x0a]))).toThrow(/line 1: "1 2 ÿþ" is neither numbers nor a header/);
    expect(() => parseXyz(utf8('a b c\n'))).toThrow(/neither numbers nor a header/);
    expect(() => parseXyz(utf8('x y z\n'))).toThrow(/no points/);
    expect(() => parseXyz(utf8('1 2 3\n4\0 5 6\n'))).toThrow('is not a text point list file: it contains binary data (NUL bytes)');
  });

  it('reads a PTS file of several scans, each after its count line as Cyclone exports them, as one cloud, and checks the counts', () => {
    const two = parseXyz(utf8('2\r\n1 2 3 -1200 10 20 30\r\n4 5 6 -500 40 50 60\r\n1\r\n7 8 9 100 70 80 90\r\n'));
    const c = two.data as PointCloud;
    expect(Array.from(c.positions)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(c.colors!)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(Array.from(c.fields.intensity)).toEqual([-1200, -500, 100]);
    expect(two.warnings).toEqual(['holds 2 scans one after another, each after its count line: read together as one cloud']);
    expect(parseXyz(utf8('1\n1 2 3\n5\n4 5 6\n')).warnings).toEqual([
      'holds 2 scans one after another, each after its count line: read together as one cloud',
      'says on its count lines that it holds 6 points, but has 2; all were read',
    ]);
    // a line of one value where the first holds no count is no scan's count
    expect(() => parseXyz(utf8('1 2 3\n4\n'))).toThrow('line 2 has 1 value, but the first line has 3');
  });
});
