// The ASPRS standard classes of a LAS point's classification (LAS 1.4 R15, tables "ASPRS Standard
// Point Classes"), in colours close to the ones lidar tools draw them in: ground brown, vegetation
// green, buildings orange, water blue, noise magenta. 8 and 12 are the point formats 0-5 meanings
// (model key-point, overlap); formats 6-10 reserve them and carry overlap as a flag. 23-63 are
// reserved and 64-255 user-defined: a file's own, named as such by number.
import { paletteColor, type LabelEntry, type LabelTable } from '../color/labelTable';

/** The field the LAS readers put a point's class in. */
export const LAS_CLASS_FIELD = 'classification';

/**
 * The fields the LAS, LAZ and COPC readers give a point, in their order (GPS time, the scanner
 * channel and near infrared only in the formats that have them; those from user data on only where
 * a point's is not 0); an extra dimension of one of these names is renamed.
 */
export const LAS_POINT_FIELDS = [
  'intensity', LAS_CLASS_FIELD, 'return_number', 'number_of_returns', 'point_source_id', 'gps_time',
  'user_data', 'scan_angle', 'synthetic', 'key_point', 'withheld', 'overlap', 'scan_direction', 'edge_of_flight_line', 'scanner_channel', 'nir',
] as const;

/** The classification flags, by their bit (formats 0-5 have the first three). */
export const LAS_FLAG_FIELDS = ['synthetic', 'key_point', 'withheld', 'overlap'] as const;

const ASPRS_CLASSES: readonly LabelEntry[] = [
  { id: 0, name: 'never classified', color: [150, 150, 150] },
  { id: 1, name: 'unclassified', color: [200, 200, 200] },
  { id: 2, name: 'ground', color: [168, 120, 72] },
  { id: 3, name: 'low vegetation', color: [170, 220, 110] },
  { id: 4, name: 'medium vegetation', color: [90, 180, 60] },
  { id: 5, name: 'high vegetation', color: [30, 120, 40] },
  { id: 6, name: 'building', color: [230, 110, 60] },
  { id: 7, name: 'low point (noise)', color: [230, 40, 200] },
  { id: 8, name: 'model key-point', color: [240, 220, 60] },
  { id: 9, name: 'water', color: [50, 110, 230] },
  { id: 10, name: 'rail', color: [120, 80, 140] },
  { id: 11, name: 'road surface', color: [90, 90, 100] },
  { id: 12, name: 'overlap', color: [240, 150, 170] },
  { id: 13, name: 'wire guard (shield)', color: [250, 210, 120] },
  { id: 14, name: 'wire conductor (phase)', color: [250, 180, 40] },
  { id: 15, name: 'transmission tower', color: [180, 60, 60] },
  { id: 16, name: 'wire-structure connector', color: [200, 140, 40] },
  { id: 17, name: 'bridge deck', color: [150, 150, 200] },
  { id: 18, name: 'high noise', color: [255, 0, 120] },
  { id: 19, name: 'overhead structure', color: [120, 190, 200] },
  { id: 20, name: 'ignored ground', color: [200, 170, 130] },
  { id: 21, name: 'snow', color: [235, 245, 255] },
  { id: 22, name: 'temporal exclusion', color: [100, 60, 30] },
];

/** Every class a LAS point can hold (0-255): the standard's names, then the reserved and the user-defined ones by number. */
export const ASPRS_TABLE: LabelTable = {
  entries: new Map(
    Array.from({ length: 256 }, (_, id): [number, LabelEntry] => [
      id,
      ASPRS_CLASSES[id] ?? { id, name: id < 64 ? `reserved ${id}` : `user-defined ${id}`, color: paletteColor(id) },
    ]),
  ),
};
