// A LAS file's unit of length, from the GeoTIFF keys or the WKT its projection records hold.
import { describe, expect, it } from 'vitest';
import { parseLas } from '../../../src/core/io/las';
import { declaredUnits, parseWkt } from '../../../src/core/io/lasUnits';
import { openRecords } from '../../../src/core/io/streamFormats';
import { geoKeyRecord, las12, scanFixture, wktRecord, type LasVlr } from './helpers';

const HEADER = 227;
/** What the records of a LAS 1.2 file holding `records` (and two points) say. */
async function unitsOf(...records: LasVlr[]) {
  const scan = await scanFixture();
  const two = { ...scan, positions: scan.positions.slice(0, 6), colors: scan.colors!.slice(0, 6), fields: { instance: scan.fields.instance.slice(0, 2), label: scan.fields.label.slice(0, 2) } };
  const bytes = las12(two, [0, 0, 0], records);
  const dataOffset = new DataView(bytes.buffer).getUint32(96, true);
  return declaredUnits(bytes, HEADER, records.length, dataOffset);
}

// EPSG unit codes and GeoTIFF key ids (GeoTIFF 1.0, 6.2-6.3)
const MODEL_TYPE = 1024;
const PROJECTED_CS_TYPE = 3072;
const PROJ_LINEAR_UNITS = 3076;
const VERTICAL_UNITS = 4099;
const [METRE, FOOT, US_FOOT] = [9001, 9002, 9003];

const GEOGRAPHIC_WKT1 = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
const GEOGRAPHIC_WKT2 = 'GEODCRS["WGS 84",DATUM["WGS 84",ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]';
const NAD83_NY_LONG_ISLAND_FTUS =
  'PROJCS["NAD83 / New York Long Island (ftUS)",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]],' +
  'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["standard_parallel_1",41.0333333333333],' +
  'UNIT["US survey foot",0.304800609601219,AUTHORITY["EPSG","9003"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2263"]]';
const WKT2_UTM =
  'PROJCRS["WGS 84 / UTM zone 32N",BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],' +
  'ANGLEUNIT["degree",0.0174532925199433]],CONVERSION["UTM zone 32N",METHOD["Transverse Mercator"]],CS[Cartesian,2],' +
  'AXIS["(E)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["(N)",north,ORDER[2],LENGTHUNIT["metre",1]],ID["EPSG",32632]]';

describe('declaredUnits', () => {
  it('reads metres, feet and US survey feet from the GeoTIFF keys', async () => {
    expect((await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, METRE]]))).unit).toBe('m');
    expect((await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, FOOT]]))).unit).toBe('ft');
    expect(await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, US_FOOT], [VERTICAL_UNITS, US_FOOT]]))).toEqual({ unit: 'ftUS', warnings: [] });
  });

  it('reads the unit of a projected WKT 1 and WKT 2 system by its factor, not its degree of latitude', async () => {
    expect(await unitsOf(wktRecord(NAD83_NY_LONG_ISLAND_FTUS))).toEqual({ unit: 'ftUS', crs: 'NAD83 / New York Long Island (ftUS)', crsWkt: NAD83_NY_LONG_ISLAND_FTUS, warnings: [] });
    expect(await unitsOf(wktRecord(WKT2_UTM))).toEqual({ unit: 'm', crs: 'WGS 84 / UTM zone 32N', crsWkt: WKT2_UTM, warnings: [] });
  });

  it('takes the WKT where a file holds both records, and the keys where its WKT says nothing', async () => {
    const keys = geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, METRE]]);
    expect((await unitsOf(keys, wktRecord(NAD83_NY_LONG_ISLAND_FTUS))).unit).toBe('ftUS');
    expect((await unitsOf(keys, wktRecord('PROJCS["cut short",UNIT["US survey f'))).unit).toBe('m');
  });

  it('says where heights are in another unit than x and y, and reads all three in the horizontal one', async () => {
    const u = await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, US_FOOT], [VERTICAL_UNITS, METRE]]));
    expect(u).toEqual({ unit: 'ftUS', warnings: ['its coordinate system gives heights in metres and x and y in US survey feet: pointlens reads all three in US survey feet'] });
    const compound = `COMPD_CS["NY ftUS + NAVD88 height",${NAD83_NY_LONG_ISLAND_FTUS},VERT_CS["NAVD88 height",VERT_DATUM["North American Vertical Datum 1988",2005],UNIT["metre",1]]]`;
    expect((await unitsOf(wktRecord(compound))).warnings).toHaveLength(1);
  });

  it('reads the unit of a local (engineering) system, a site\'s own grid', async () => {
    const site = 'LOCAL_CS["site grid",LOCAL_DATUM["unknown",0],UNIT["foot",0.3048],AXIS["X",EAST],AXIS["Y",NORTH],AXIS["Z",UP]]';
    expect(await unitsOf(wktRecord(site))).toEqual({ unit: 'ft', crs: 'site grid', crsWkt: site, warnings: [] });
    const wkt2 = 'ENGCRS["plant",EDATUM["plant datum"],CS[Cartesian,3],AXIS["x",east,LENGTHUNIT["metre",1]],AXIS["y",north,LENGTHUNIT["metre",1]],AXIS["z",up,LENGTHUNIT["metre",1]]]';
    expect((await unitsOf(wktRecord(wkt2))).unit).toBe('m');
  });

  it('names no unit for a geographic system and says its x and y are degrees', async () => {
    const warning = 'its coordinate system is geographic: x and y are degrees of longitude and latitude, so lengths and areas measured across them are not in any unit of length';
    expect(await unitsOf(geoKeyRecord([[MODEL_TYPE, 2], [VERTICAL_UNITS, METRE]]))).toEqual({ warnings: [warning] });
    for (const wkt of [GEOGRAPHIC_WKT1, GEOGRAPHIC_WKT2]) expect(await unitsOf(wktRecord(wkt))).toEqual({ crs: 'WGS 84', crsWkt: wkt, warnings: [warning] });
    // geocentric x, y, z are lengths
    expect((await unitsOf(wktRecord('GEOCCS["WGS 84 (geocentric)",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["metre",1]]'))).unit).toBe('m');
  });

  it('says where a projected unit is one it does not name', async () => {
    const chains = NAD83_NY_LONG_ISLAND_FTUS.replace('UNIT["US survey foot",0.304800609601219', 'UNIT["Gunter chain",20.1168');
    expect(await unitsOf(wktRecord(chains))).toEqual({ crs: 'NAD83 / New York Long Island (ftUS)', crsWkt: chains, warnings: ["its coordinate system's unit is 20.1168 metres, which pointlens does not name: lengths are shown in the file's own units"] });
    const CLARKE_FOOT = 9005;
    expect(await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, CLARKE_FOOT]]))).toEqual({
      warnings: ["its coordinate system's unit is EPSG unit 9005, which pointlens does not name: lengths are shown in the file's own units"],
    });
  });

  it('says where a projected system is given by its EPSG code alone, whose unit it cannot read', async () => {
    const NAD83_CALIFORNIA_3_FTUS = 2227;
    expect(await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJECTED_CS_TYPE, NAD83_CALIFORNIA_3_FTUS]]))).toEqual({
      crs: 'EPSG:2227',
      warnings: ['its coordinate system is given only as EPSG:2227, without its unit of length: pointlens cannot tell metres from feet, and reads the scan as one with no coordinate system'],
    });
    // its unit key, where given, says it; a user-defined system's code says nothing
    expect(await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJECTED_CS_TYPE, NAD83_CALIFORNIA_3_FTUS], [PROJ_LINEAR_UNITS, US_FOOT]]))).toEqual({ unit: 'ftUS', crs: 'EPSG:2227', warnings: [] });
    expect(await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJECTED_CS_TYPE, 32767]]))).toEqual({ warnings: [] });
  });

  it("names the coordinate system as the WKT names it, a compound one whole, or by the EPSG codes of the GeoTIFF keys, vertical too", async () => {
    const compound = `COMPD_CS["NAD83 / New York Long Island (ftUS) + NAVD88 height (ftUS)",${NAD83_NY_LONG_ISLAND_FTUS},VERT_CS["NAVD88 height (ftUS)",VERT_DATUM["North American Vertical Datum 1988",2005],UNIT["US survey foot",0.304800609601219]]]`;
    expect((await unitsOf(wktRecord(compound))).crs).toBe('NAD83 / New York Long Island (ftUS) + NAVD88 height (ftUS)');
    const [UTM_10N, NAVD88] = [26910, 5703];
    expect((await unitsOf(geoKeyRecord([[MODEL_TYPE, 1], [PROJECTED_CS_TYPE, UTM_10N], [PROJ_LINEAR_UNITS, METRE], [4096, NAVD88]]))).crs).toBe('EPSG:26910 + EPSG:5703');
    // a geographic system by its GeographicTypeGeoKey
    expect((await unitsOf(geoKeyRecord([[MODEL_TYPE, 2], [2048, 4326]]))).crs).toBe('EPSG:4326');
  });

  it('names nothing from records that say nothing of units, are cut short, or are not WKT', async () => {
    expect(await unitsOf()).toEqual({ warnings: [] });
    expect(await unitsOf({ userId: 'LASF_Projection', recordId: 34737, body: new TextEncoder().encode('NAD83\0') })).toEqual({ warnings: [] });
    expect(await unitsOf(wktRecord('PROJCS["cut short",UNIT["US survey foot",0.3048006'))).toEqual({ warnings: [] });
    expect(await unitsOf(wktRecord('not a coordinate system at all'))).toEqual({ warnings: [] });
    // a key directory that declares more keys than it holds is read as far as it goes
    const lying = geoKeyRecord([[PROJ_LINEAR_UNITS, FOOT]]);
    new DataView(lying.body.buffer).setUint16(6, 60000, true);
    expect((await unitsOf(lying)).unit).toBe('ft');
  });

  it('stops at a record whose length runs past the point data', async () => {
    const scan = await scanFixture();
    const bytes = las12(scan, [0, 0, 0], [geoKeyRecord([[PROJ_LINEAR_UNITS, FOOT]])]);
    new DataView(bytes.buffer).setUint16(HEADER + 20, 65535, true);
    expect(declaredUnits(bytes, HEADER, 1, new DataView(bytes.buffer).getUint32(96, true))).toEqual({ warnings: [] });
  });

  it('refuses WKT nested past any coordinate system', () => {
    expect(parseWkt(`${'A['.repeat(1000)}1${']'.repeat(1000)}`)).toBeUndefined();
    expect(parseWkt('UNIT["foot",0.3048]')).toEqual({ keyword: 'UNIT', args: ['foot', 0.3048] });
  });
});

describe('a LAS file in US survey feet', () => {
  it('is read with its unit, whole and as a stream that waits for its records', async () => {
    const scan = await scanFixture();
    const bytes = las12(scan, [0, 0, 0], [geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, US_FOOT]])]);
    const whole = await parseLas(bytes);
    expect(whole.unit).toBe('ftUS');
    expect(whole.warnings).toEqual([]);
    // georeferenced, with no header box or offset to shift by: its precision is said in its unit
    const far = { ...scan, positions: scan.positions.map((v, i) => v + [1_000_000, 200_000, 0][i % 3]) };
    const placed = las12(far, [0, 0, 0], [geoKeyRecord([[MODEL_TYPE, 1], [PROJ_LINEAR_UNITS, US_FOOT]])]);
    placed.fill(0, 179, 227);
    expect((await parseLas(placed)).warnings).toEqual(['coordinates reach 1000003; as 32-bit floats they keep only about 0.12 US survey feet of precision']);
    // the header alone: the stream waits for the records before the points
    expect(openRecords(bytes.subarray(0, HEADER), bytes.length)).toBeNull();
    const opened = openRecords(bytes.subarray(0, 400), bytes.length);
    expect(opened).not.toBeNull();
    expect(opened).not.toBe('whole');
  });
});
