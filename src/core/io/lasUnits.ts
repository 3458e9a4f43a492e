// The unit of length a LAS file's coordinate system declares, from its projection records
// (LAS 1.2-1.4 spec, "Georeferencing information": the GeoTIFF keys in record 34735 and OGC WKT in
// record 2112, both under the user id "LASF_Projection"). Lidar from many agencies is in feet or US
// survey feet: read as metres, every length shown would carry the wrong unit and every size the scene
// model sees would be 3.28 times too large.
import type { LengthUnit } from '../types';
import { METRES_PER, unitName } from '../units';
import { lasVlrs } from './lasVlrs';

const PROJECTION_USER_ID = 'LASF_Projection';
const GEO_KEY_DIRECTORY = 34735;
const OGC_WKT = 2112;

/** GeoTIFF keys (GeoTIFF 1.0, section 6.2) and their EPSG unit codes. */
const MODEL_TYPE_KEY = 1024;
const GEOGRAPHIC_MODEL = 2;
const PROJECTED_CS_TYPE_KEY = 3072;
const USER_DEFINED = 32767;
const PROJ_LINEAR_UNITS_KEY = 3076;
const GEOGRAPHIC_TYPE_KEY = 2048;
const VERTICAL_CS_TYPE_KEY = 4096;
const VERTICAL_UNITS_KEY = 4099;
const EPSG_UNITS: Record<number, LengthUnit> = {
  9001: 'm',
  9002: 'ft',
  9003: 'ftUS',
};

export interface DeclaredUnits {
  /** the unit of x, y and z, where the records name one pointlens knows */
  unit?: LengthUnit;
  /** the coordinate system's name (a WKT record's) or EPSG codes (GeoTIFF keys), where the records give one */
  crs?: string;
  /** the WKT record's text, where it describes the system: what a LAS written of the file keeps */
  crsWkt?: string;
  warnings: string[];
}

/** The GeoTIFF keys whose value is held in the key itself (TIFFTagLocation 0), by key id. */
function geoKeys(body: Uint8Array): Map<number, number> {
  const keys = new Map<number, number>();
  const words = Math.floor(body.length / 2);
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const word = (i: number) => dv.getUint16(2 * i, true);
  if (words < 4) return keys;
  const count = Math.min(word(3), Math.floor((words - 4) / 4));
  for (let k = 0; k < count; k++) {
    const [id, location, , value] = [0, 1, 2, 3].map((j) => word(4 + 4 * k + j));
    if (location === 0) keys.set(id, value);
  }
  return keys;
}

type WktNode = { keyword: string; args: (string | number | WktNode)[] };

/** OGC WKT (1 or 2) as nested keyword[args] nodes; undefined where the text is not WKT. */
export function parseWkt(text: string): WktNode | undefined {
  const tokens = text.match(/"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[[\](),]/g);
  if (!tokens) return undefined;
  let i = 0;
  const MAX_DEPTH = 32;
  const node = (depth: number): WktNode | undefined => {
    const keyword = tokens[i++];
    if (!/^[A-Za-z_]/.test(keyword ?? '') || depth > MAX_DEPTH) return undefined;
    const open = tokens[i++];
    if (open !== '[' && open !== '(') return undefined;
    const args: WktNode['args'] = [];
    while (i < tokens.length) {
      const t = tokens[i];
      if (t === ']' || t === ')') {
        i++;
        return { keyword: keyword.toUpperCase(), args };
      }
      if (t === ',') i++;
      else if (t.startsWith('"')) args.push(tokens[i++].slice(1, -1).replace(/""/g, '"'));
      else if (/^[-+.\d]/.test(t)) args.push(Number(tokens[i++]));
      else if (tokens[i + 1] === '[' || tokens[i + 1] === '(') {
        const child = node(depth + 1);
        if (!child) return undefined;
        args.push(child);
      } else args.push(tokens[i++]);
    }
    return undefined;
  };
  return node(0);
}

const children = (n: WktNode, ...keywords: string[]) => n.args.filter((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword));

/** A unit a WKT UNIT or LENGTHUNIT node gives, by its metres per unit (its name is free text). */
function unitOfFactor(factor: unknown): LengthUnit | undefined {
  if (typeof factor !== 'number') return undefined;
  return (['m', 'ft', 'ftUS'] as const).find((u) => Math.abs(factor / METRES_PER[u] - 1) < 1e-6);
}

/** The linear unit of a projected CRS node: its own UNIT / LENGTHUNIT, else that of its first axis (WKT 2). */
function linearUnit(crs: WktNode): { unit?: LengthUnit; factor?: number } {
  const own = children(crs, 'UNIT', 'LENGTHUNIT')[0] ?? children(crs, 'CS', 'AXIS').flatMap((a) => children(a, 'LENGTHUNIT'))[0];
  const factor = own?.args[1];
  return { unit: unitOfFactor(factor), factor: typeof factor === 'number' ? factor : undefined };
}

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS'];
/** geodetic: geographic where its coordinate system is ellipsoidal (WKT 2), geocentric x, y, z in a unit of length otherwise */
const GEODETIC = ['GEODCRS', 'GEODETICCRS', 'GEOCCS'];
/** engineering: a local system (a site's, a scanner's) whose x, y, z are lengths */
const LOCAL = ['LOCAL_CS', 'ENGCRS', 'ENGINEERINGCRS'];
const VERTICAL = ['VERT_CS', 'VERTCRS', 'VERTICALCRS'];
const COMPOUND = ['COMPD_CS', 'COMPOUNDCRS'];

const isGeographic = (n: WktNode) =>
  GEOGRAPHIC.includes(n.keyword) || (GEODETIC.includes(n.keyword) && children(n, 'CS').some((cs) => String(cs.args[0]).toLowerCase() === 'ellipsoidal'));
/** a system whose x, y (and z) are lengths */
const isLinear = (n: WktNode) => PROJECTED.includes(n.keyword) || LOCAL.includes(n.keyword) || (GEODETIC.includes(n.keyword) && !isGeographic(n));

interface SystemUnits {
  horizontal?: LengthUnit;
  vertical?: LengthUnit;
  geographic: boolean;
  /** a projected system's unit that has no name here, as the record gives it */
  unnamed?: string;
  /** the EPSG code of a projected system given by its code alone, without its unit */
  codeOnly?: number;
  /** the record described a coordinate system at all */
  said: boolean;
  /** what the record calls the system */
  name?: string;
}

const NOTHING_SAID: SystemUnits = { geographic: false, said: false };

function wktUnits(text: string): SystemUnits {
  const root = parseWkt(text);
  if (!root) return NOTHING_SAID;
  const parts = COMPOUND.includes(root.keyword) ? children(root, ...PROJECTED, ...LOCAL, ...GEOGRAPHIC, ...GEODETIC, ...VERTICAL) : [root];
  const projected = parts.find(isLinear);
  const vertical = parts.find((p) => VERTICAL.includes(p.keyword));
  const h = projected ? linearUnit(projected) : {};
  const geographic = !projected && parts.some(isGeographic);
  return {
    horizontal: h.unit,
    vertical: vertical ? linearUnit(vertical).unit : undefined,
    geographic,
    unnamed: h.unit || h.factor === undefined ? undefined : `${h.factor} metres`,
    said: Boolean(projected || vertical || geographic),
    ...(typeof root.args[0] === 'string' && root.args[0].trim() && { name: root.args[0].trim() }),
  };
}

function keyUnits(body: Uint8Array): SystemUnits {
  const k = geoKeys(body);
  const geographic = k.get(MODEL_TYPE_KEY) === GEOGRAPHIC_MODEL;
  const linear = geographic ? undefined : k.get(PROJ_LINEAR_UNITS_KEY);
  const code = k.get(PROJECTED_CS_TYPE_KEY);
  const epsg = (key: number) => {
    const c = k.get(key);
    return c !== undefined && c !== USER_DEFINED && c > 0 ? `EPSG:${c}` : undefined;
  };
  const named = [epsg(geographic ? GEOGRAPHIC_TYPE_KEY : PROJECTED_CS_TYPE_KEY), epsg(VERTICAL_CS_TYPE_KEY)].filter(Boolean);
  return {
    ...(named.length && { name: named.join(' + ') }),
    horizontal: EPSG_UNITS[linear ?? -1],
    vertical: EPSG_UNITS[k.get(VERTICAL_UNITS_KEY) ?? -1],
    geographic,
    unnamed: linear !== undefined && !EPSG_UNITS[linear] ? `EPSG unit ${linear}` : undefined,
    // the unit of a system named by its code is in the EPSG registry, which pointlens does not carry
    codeOnly: !geographic && linear === undefined && code !== undefined && code !== USER_DEFINED ? code : undefined,
    said: k.size > 0,
  };
}

/**
 * What the projection records of a LAS file say of its unit of length. `end` is where the records
 * end (the point data's offset); the WKT record wins where the file has both, as LAS 1.4 has it
 * whenever its header says WKT.
 */
export function declaredUnits(bytes: Uint8Array, headerSize: number, recordCount: number, end: number): DeclaredUnits {
  const records = lasVlrs(bytes, headerSize, recordCount, end).filter((r) => r.userId === PROJECTION_USER_ID);
  const wkt = records.find((r) => r.recordId === OGC_WKT);
  const keys = records.find((r) => r.recordId === GEO_KEY_DIRECTORY);
  const wktText = wkt && new TextDecoder().decode(wkt.body).replace(/\0.*$/s, '');
  const fromWkt = wktText ? wktUnits(wktText) : undefined;
  // WKT that says nothing (cut short, or not WKT) leaves the keys to speak
  const { horizontal, vertical, geographic, unnamed, codeOnly, name } = fromWkt?.said ? fromWkt : keys ? keyUnits(keys.body) : NOTHING_SAID;
  const warnings: string[] = [];
  if (geographic) {
    warnings.push('its coordinate system is geographic: x and y are degrees of longitude and latitude, so lengths and areas measured across them are not in any unit of length');
  }
  if (unnamed !== undefined) warnings.push(`its coordinate system's unit is ${unnamed}, which pointlens does not name: lengths are shown in the file's own units`);
  if (codeOnly !== undefined) {
    warnings.push(`its coordinate system is given only as EPSG:${codeOnly}, without its unit of length: pointlens cannot tell metres from feet, and reads the scan as one with no coordinate system`);
  }
  // a height unit alone says nothing of x and y
  const unit = horizontal;
  if (horizontal && vertical && vertical !== horizontal) {
    warnings.push(`its coordinate system gives heights in ${unitName(vertical)} and x and y in ${unitName(horizontal)}: pointlens reads all three in ${unitName(horizontal)}`);
  }
  return { ...(unit && { unit }), ...(name && { crs: name }), ...(fromWkt?.said && { crsWkt: wktText }), warnings };
}
