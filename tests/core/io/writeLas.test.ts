import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Las } from 'copc';
import { parseLas } from '../../../src/core/io/las';
import { parsePly } from '../../../src/core/io/ply';
import { writeLas } from '../../../src/core/io/writeLas';
import type { ParseResult, PointCloud } from '../../../src/core/types';
import { las12, wktRecord } from './helpers';

const fuzz = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/fuzz/${name}`, import.meta.url)));

/** A projected system in US survey feet, as a county's survey would name it. */
const WKT =
  'PROJCS["NAD83 / Ohio North (ftUS)",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],UNIT["US survey foot",0.304800609601219],AUTHORITY["EPSG","3734"]]';

/** Points `i` of a small survey far from zero (eastings near 2.2 million feet), with every kind of field a LAS point has, and some it has no place for. */
function survey(n = 50): PointCloud {
  const positions = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) positions.set([(i % 10) * 0.25 - 1.2, Math.floor(i / 10) * 0.5 - 1, (i % 7) * 0.125], 3 * i);
  return {
    kind: 'points',
    positions,
    colors: Uint8Array.from({ length: 3 * n }, (_, k) => (k * 37) % 256),
    fields: {
      intensity: Uint16Array.from({ length: n }, (_, i) => i * 1000),
      classification: Uint8Array.from({ length: n }, (_, i) => [2, 6, 5, 200][i % 4]),
      return_number: Uint8Array.from({ length: n }, (_, i) => 1 + (i % 3)),
      number_of_returns: Uint8Array.from({ length: n }, () => 3),
      point_source_id: Uint16Array.from({ length: n }, (_, i) => 7 + (i % 2)),
      gps_time: Float64Array.from({ length: n }, (_, i) => 301_234_567.123456 + i * 1e-5),
      distance: Float32Array.from({ length: n }, (_, i) => i / 7),
      height: Float64Array.from({ length: n }, (_, i) => 1e6 + i / 3),
      cluster: Int32Array.from({ length: n }, (_, i) => (i % 5) - 1),
      tiny: Int8Array.from({ length: n }, (_, i) => -i),
    },
  };
}
const ORIGIN: [number, number, number] = [2_200_000, 650_000, 700];

/** Positions of `r` in its file's coordinates, as doubles. */
const inFile = (r: Pick<ParseResult, 'data' | 'origin'>) => Array.from(r.data.positions, (v, k) => v + (r.origin?.[k % 3] ?? 0));

describe('writeLas', () => {
  it('round-trips a survey far from zero: positions to the millimetre step, 16-bit colours, classes, returns and every field with its type, unit and WKT', async () => {
    const cloud = survey();
    const { bytes, notes } = writeLas(cloud, {}, { origin: ORIGIN, unit: 'ftUS', crs: 'NAD83 / Ohio North (ftUS)', crsWkt: WKT });
    expect(notes).toEqual([]);
    const back = await parseLas(bytes);
    const file = inFile({ data: cloud, origin: ORIGIN });
    inFile(back).forEach((v, k) => expect(Math.abs(v - file[k])).toBeLessThanOrEqual(0.0005 + 1e-9));
    expect(back.unit).toBe('ftUS');
    expect(back.crs).toBe('NAD83 / Ohio North (ftUS)');
    expect(back.crsWkt).toBe(WKT);
    const data = back.data as PointCloud;
    expect(data.colors).toEqual(cloud.colors);
    for (const [name, values] of Object.entries(cloud.fields)) {
      expect(data.fields[name], name).toBeInstanceOf(values.constructor);
      expect(data.fields[name], name).toEqual(values);
    }
    expect((back.warnings ?? []).filter((w) => !w.startsWith('coordinates are kept relative'))).toEqual([]);
  });

  it('writes a header other LAS readers take: version, format, counts by return, scale, offset, bounds, WKT and Extra Bytes (the copc library)', async () => {
    const cloud = survey();
    const { bytes } = writeLas(cloud, {}, { origin: ORIGIN, unit: 'ftUS', crsWkt: WKT });
    const header = Las.Header.parse(bytes);
    expect(header).toMatchObject({ majorVersion: 1, minorVersion: 4, headerLength: 375, pointDataRecordFormat: 7, pointCount: 50, vlrCount: 2 });
    expect(header.globalEncoding & 16).toBe(16);
    expect(header.pointCountByReturn.slice(0, 4)).toEqual([17, 17, 16, 0]);
    expect(header.scale).toEqual([0.001, 0.001, 0.001]);
    expect(header.min[0]).toBeCloseTo(ORIGIN[0] - 1.2, 3);
    expect(header.max[2]).toBeCloseTo(ORIGIN[2] + 0.75, 3);
    const get = async (begin: number, end: number) => bytes.slice(begin, end);
    const vlrs = await Las.Vlr.walk(get, header);
    const wkt = Las.Vlr.at(vlrs, 'LASF_Projection', 2112);
    expect(new TextDecoder().decode(await Las.Vlr.fetch(get, wkt)).replace(/\0$/, '')).toBe(WKT);
    const eb = Las.ExtraBytes.parse(await Las.Vlr.fetch(get, Las.Vlr.at(vlrs, 'LASF_Spec', 4)));
    expect(eb.map((d) => d.name)).toEqual(['distance', 'height', 'cluster', 'tiny']);
    const view = Las.View.create(bytes.slice(header.pointDataOffset), header, eb);
    const x = view.getter('X');
    const cls = view.getter('Classification');
    const height = view.getter('height');
    const red = view.getter('Red');
    expect(x(3)).toBeCloseTo(ORIGIN[0] + cloud.positions[9], 3);
    expect(cls(3)).toBe(200);
    expect(height(4)).toBe(cloud.fields.height[4]);
    expect(red(1)).toBe(cloud.colors![3] * 257);
  });

  it('writes the LAS fixtures back as they read: format 2 (LAS 1.2) and format 7 (LAS 1.4)', async () => {
    for (const name of ['scan.las', 'scan14.las']) {
      const first = await parseLas(fuzz(name));
      const again = await parseLas(writeLas(first.data).bytes);
      const a = first.data as PointCloud;
      const b = again.data as PointCloud;
      expect(b.positions, name).toEqual(a.positions);
      expect(b.colors, name).toEqual(a.colors);
      for (const [field, values] of Object.entries(a.fields)) expect(b.fields[field], `${name} ${field}`).toEqual(values);
    }
  });

  it('takes the classes from a label field the user chooses: values 0-255 are the classes, others class 0 with a word, the field and the file\'s classification kept whole', async () => {
    const cloud = survey(8);
    const pred = Int32Array.of(-1, 0, 3, 255, 256, 17, -1, 2);
    const { bytes, notes } = writeLas(cloud, { pred }, { classFrom: 'pred' });
    const back = (await parseLas(bytes)).data as PointCloud;
    expect(Array.from(back.fields.classification)).toEqual([0, 0, 3, 255, 0, 17, 0, 2]);
    expect(back.fields.pred).toEqual(pred);
    expect(back.fields.source_classification).toEqual(cloud.fields.classification);
    expect(notes).toEqual([
      'the LAS classes (0 to 255) are the values of pred, also kept whole as its own dimension',
      '3 points have a pred that is no LAS class (not a whole number from 0 to 255, such as -1): their class is 0, never classified, and pred keeps their value',
    ]);
    expect(() => writeLas(cloud, {}, { classFrom: 'plane' })).toThrow('there is no field "plane" to take the classes from');
  });

  it('refuses a field of decimals as the classes, naming the fields of whole numbers, and takes a label field kept as floats', async () => {
    const cloud = survey(8);
    const distance = Float32Array.of(0.5, 1, 2.25, 0, 3, 4, 5, 6);
    expect(() => writeLas(cloud, { distance }, { classFrom: 'distance' })).toThrow(
      "distance holds measures (such as 0.5), not classes: a LAS's classes are taken from a field of whole numbers, such as intensity, classification, return_number, number_of_returns, point_source_id, cluster, tiny",
    );
    // a PLY's "property float label": whole numbers, and none where there is no label
    const label = Float32Array.of(1, 2, 3, NaN, 5, 6, 7, 8);
    const back = (await parseLas(writeLas(cloud, { label }, { classFrom: 'label' }).bytes)).data as PointCloud;
    expect(Array.from(back.fields.classification)).toEqual([1, 2, 3, 0, 5, 6, 7, 8]);
  });

  it('keeps a field that does not fit its LAS place as a dimension of its own, and says so', async () => {
    const cloud: PointCloud = { kind: 'points', positions: Float32Array.of(0, 0, 0, 1, 1, 1), fields: { intensity: Float32Array.of(0.25, 0.75) } };
    const { bytes, notes } = writeLas(cloud);
    expect(notes).toEqual(['intensity has values that are not whole numbers from 0 to 65535: it is kept as a dimension of its own, not in the LAS intensity']);
    const back = (await parseLas(bytes)).data as PointCloud;
    expect(Array.from(back.fields.intensity)).toEqual([0, 0]);
    expect(back.fields.intensity_2).toEqual(Float32Array.of(0.25, 0.75));
    expect(Array.from(back.fields.return_number)).toEqual([1, 1]);
  });

  it('keeps steps coarser than a millimetre, with a word, where the points span past 32-bit integers at it; never wraps', async () => {
    const positions = Float64Array.of(0, 0, 0, 5e6, 1, 2);
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array(6), fields: {} };
    const origin: [number, number, number] = [0, 0, 0];
    // file coordinates far apart: a 32-bit float holds 5e6 to the half unit, the origin adds nothing
    cloud.positions.set(positions);
    const { bytes, notes } = writeLas(cloud, {}, { origin });
    expect(notes).toEqual(['the points span 2.50e+6 units from their middle, past what 32-bit integers hold in steps of 0.001: coordinates are kept in steps of 0.01']);
    expect(Las.Header.parse(bytes).scale).toEqual([0.01, 0.01, 0.01]);
    const back = await parseLas(bytes);
    inFile(back).forEach((v, k) => expect(Math.abs(v - positions[k])).toBeLessThanOrEqual(0.005));
  });

  it('names a system known only by its name (a PLY note, GeoTIFF keys) as a local WKT system with its unit, which reads back', async () => {
    const cloud: PointCloud = { kind: 'points', positions: Float32Array.of(0, 0, 0, 1, 1, 1), fields: {} };
    const { bytes, notes } = writeLas(cloud, {}, { unit: 'ft', crs: 'EPSG:2263' });
    expect(notes).toEqual(['the coordinate system is known here only by its name, EPSG:2263: the LAS names it, with its unit, as a local system, without its projection']);
    const back = await parseLas(bytes);
    expect(back.unit).toBe('ft');
    expect(back.crs).toBe('EPSG:2263');
    expect(back.warnings).toEqual([]);
    // a unit with no system: the unit alone, said by no note
    const unitOnly = writeLas(cloud, {}, { unit: 'ft' });
    expect(unitOnly.notes).toEqual([]);
    expect((await parseLas(unitOnly.bytes)).unit).toBe('ft');
    // a PLY's note that is WKT itself is written as it is
    const fromNote = await parseLas(writeLas(cloud, {}, { unit: 'ftUS', crs: WKT }).bytes);
    expect(fromNote.crsWkt).toBe(WKT);
    // a name without a unit: no system written, rather than one in metres it may not be in
    const nameOnly = writeLas(cloud, {}, { crs: 'EPSG:2227' });
    expect(nameOnly.notes).toEqual(['the coordinate system is known here only by its name, EPSG:2227, without its unit: the LAS declares none']);
    expect(Las.Header.parse(nameOnly.bytes).vlrCount).toBe(0);
    // nothing declared: no WKT record at all
    expect(Las.Header.parse(writeLas(cloud).bytes).vlrCount).toBe(0);
  });

  it('saves a mesh as its vertices, with a word', async () => {
    const ply = parsePly(fuzz('mesh_binary.ply'));
    expect(ply.data.kind).toBe('mesh');
    const { bytes, notes } = writeLas(ply.data);
    const n = ply.data.positions.length / 3;
    expect(notes).toEqual([`LAS holds points: the mesh is saved as its ${n} vertices, without its triangles`]);
    const back = (await parseLas(bytes)).data as PointCloud;
    expect(back.positions.length).toBe(ply.data.positions.length);
  });

  it('keeps the normals of the points as the dimensions nx, ny, nz', async () => {
    const normals = Float32Array.of(0, 0, 1, 0.6, 0.8, 0);
    const back = (await parseLas(writeLas({ kind: 'points', positions: Float32Array.of(0, 0, 0, 1, 1, 1), normals, fields: {} }).bytes)).data as PointCloud;
    expect([back.fields.nx, back.fields.ny, back.fields.nz]).toEqual([Float32Array.of(0, 0.6), Float32Array.of(0, 0.8), Float32Array.of(1, 0)]);
  });

  it('keeps the WKT record of a LAS another writer made, so that a LAS written of it names the same system', async () => {
    const cloud = survey(4);
    const read = await parseLas(las12({ ...cloud, fields: { instance: new Uint16Array(4), label: new Uint8Array(4) } }, [0, 0, 0], [wktRecord(WKT)]));
    expect(read.crsWkt).toBe(WKT);
    const back = await parseLas(writeLas(read.data, {}, { unit: read.unit, crs: read.crs, crsWkt: read.crsWkt }).bytes);
    expect(back.crsWkt).toBe(WKT);
    expect(back.unit).toBe('ftUS');
  });
});
