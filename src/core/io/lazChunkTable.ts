// LASzip's chunk table (https://github.com/LASzip/LASzip, lasreadpoint.cpp, read_chunk_table): after
// a chunked LAZ file's points, the number of chunks, then each chunk's byte size (and, where chunks
// vary in size, its point count), arithmetic-coded against the chunk before. It tells where each
// chunk starts, so that one chunk can be decompressed without those before it.
import { BIT_LENGTH_SHIFT, BitModel, MAX_LENGTH, MIN_LENGTH, SYMBOL_LENGTH_SHIFT, SymbolModel } from './arithmeticModels';
import { laszipRecord, LASZIP_CHUNKED, LASZIP_VARIABLE_CHUNKS, type LasHeader } from './lasHeader';

/** LASzip's arithmetic decoder over `bytes`, of which it reads ahead; past their end it reads zeros (the table is then found inconsistent). */
class ArithmeticDecoder {
  private value = 0;
  private length = MAX_LENGTH;
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {
    for (let k = 0; k < 4; k++) this.value = ((this.value << 8) | this.byte()) >>> 0;
  }

  private byte(): number {
    return this.at < this.bytes.length ? this.bytes[this.at++] : 0;
  }

  decodeBit(m: BitModel): number {
    const x = m.bit0Prob * (this.length >>> BIT_LENGTH_SHIFT);
    const bit = this.value >= x ? 1 : 0;
    if (bit === 0) {
      this.length = x;
      m.bit0Count++;
    } else {
      this.value -= x;
      this.length -= x;
    }
    if (this.length < MIN_LENGTH) this.renormalise();
    if (--m.bitsUntilUpdate === 0) m.update();
    return bit;
  }

  /** LASzip bisects a table for models of many symbols, and the distribution for the others: both find the same symbol, as here. */
  decodeSymbol(m: SymbolModel): number {
    let y = this.length;
    let x = 0;
    let sym = 0;
    let n = m.symbols;
    this.length = this.length >>> SYMBOL_LENGTH_SHIFT;
    for (let k = n >>> 1; k !== sym; k = (sym + n) >>> 1) {
      const z = this.length * m.distribution[k];
      if (z > this.value) {
        n = k;
        y = z;
      } else {
        sym = k;
        x = z;
      }
    }
    this.value -= x;
    this.length = y - x;
    if (this.length < MIN_LENGTH) this.renormalise();
    m.counts[sym]++;
    if (--m.symbolsUntilUpdate === 0) m.update();
    return sym;
  }

  /** `bits` raw bits (at most 32), without a model. */
  readBits(bits: number): number {
    if (bits > 19) {
      const low = this.readBits(16);
      return this.readBits(bits - 16) * 65536 + low;
    }
    this.length = this.length >>> bits;
    const sym = Math.floor(this.value / this.length);
    this.value -= this.length * sym;
    if (this.length < MIN_LENGTH) this.renormalise();
    return sym;
  }

  private renormalise(): void {
    do {
      this.value = ((this.value << 8) | this.byte()) >>> 0;
      this.length = (this.length << 8) >>> 0;
    } while (this.length < MIN_LENGTH);
  }
}

/** LASzip's integer decompressor of 32 bits, the chunk table's: a prediction's error as its bit length k, then its k bits. */
class IntegerDecompressor {
  private static readonly BITS = 32;
  private static readonly BITS_HIGH = 8;
  private readonly kModels: SymbolModel[];
  private readonly corrector0 = new BitModel();
  private readonly correctors: SymbolModel[] = [];

  constructor(
    private readonly dec: ArithmeticDecoder,
    contexts: number,
  ) {
    const { BITS, BITS_HIGH } = IntegerDecompressor;
    this.kModels = Array.from({ length: contexts }, () => new SymbolModel(BITS + 1));
    for (let i = 1; i <= BITS; i++) this.correctors[i] = new SymbolModel(1 << Math.min(i, BITS_HIGH));
  }

  /** The value predicted by `pred`, wrapped to 32 bits as LASzip wraps it. */
  decompress(pred: number, context: number): number {
    return (pred + this.corrector(context)) | 0;
  }

  private corrector(context: number): number {
    const k = this.dec.decodeSymbol(this.kModels[context]);
    if (k === 0) return this.dec.decodeBit(this.corrector0);
    if (k >= 32) return -(2 ** 31);
    const high = IntegerDecompressor.BITS_HIGH;
    let c = this.dec.decodeSymbol(this.correctors[k]);
    if (k > high) c = c * 2 ** (k - high) + this.dec.readBits(k - high);
    return c >= 2 ** (k - 1) ? c + 1 : c - (2 ** k - 1);
  }
}

/** One LASzip chunk: where its bytes lie in the file and how many points it holds. */
export interface ChunkSpan {
  offset: number;
  bytes: number;
  count: number;
}

/**
 * The chunks of a LAZ file whose first `bytes` (the whole file) hold its chunk table; undefined
 * where it has none (not chunked, or a writer that did not say where its table is) or one that
 * does not add up to the header's points and the bytes before the table, or lists more than
 * `maxChunks`: such a file is read whole.
 */
export function readLazChunkTable(bytes: Uint8Array, h: LasHeader, maxChunks = Infinity): ChunkSpan[] | undefined {
  const laszip = laszipRecord(bytes, h.headerSize, h.dataOffset);
  if (!laszip || !LASZIP_CHUNKED.includes(laszip.compressor) || laszip.chunkSize === 0 || h.dataOffset + 8 > bytes.length) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const table = Number(dv.getBigInt64(h.dataOffset, true));
  if (table < h.dataOffset + 8 || table + 8 > bytes.length || dv.getUint32(table, true) !== 0) return undefined;
  const n = dv.getUint32(table + 4, true);
  if (n < 1 || n > Math.max(1, h.count) || n > maxChunks) return undefined;
  const variable = laszip.chunkSize === LASZIP_VARIABLE_CHUNKS;
  const ic = new IntegerDecompressor(new ArithmeticDecoder(bytes.subarray(table + 8)), 2);
  const chunks: ChunkSpan[] = [];
  let offset = h.dataOffset + 8;
  let points = 0;
  let count = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    count = variable ? ic.decompress(count, 0) : Math.min(laszip.chunkSize, h.count - points);
    size = ic.decompress(size, 1);
    if (count < 1 || size < 1 || offset + size > table) return undefined;
    chunks.push({ offset, bytes: size, count });
    offset += size;
    points += count;
  }
  return points === h.count ? chunks : undefined;
}
