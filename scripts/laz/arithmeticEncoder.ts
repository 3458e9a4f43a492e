// LASzip's adaptive arithmetic encoder (range coder with 32-bit base and length, carry
// propagation into bytes already written), as the LASzip specification and its decoders define
// it: https://github.com/LASzip/LASzip (arithmeticencoder / arithmeticmodel). Only the encoding
// side exists here: the decoders we test against (laz-perf) are the reference for the bytes.

const MIN_LENGTH = 0x01000000;
const MAX_LENGTH = 0xffffffff;
const BIT_LENGTH_SHIFT = 13;
const BIT_MAX_COUNT = 1 << BIT_LENGTH_SHIFT;
const SYMBOL_LENGTH_SHIFT = 15;
const SYMBOL_MAX_COUNT = 1 << SYMBOL_LENGTH_SHIFT;

export class BitModel {
  bit0Count = 1;
  bitCount = 2;
  bit0Prob = 1 << (BIT_LENGTH_SHIFT - 1);
  updateCycle = 4;
  bitsUntilUpdate = 4;

  update(): void {
    this.bitCount += this.updateCycle;
    if (this.bitCount > BIT_MAX_COUNT) {
      this.bitCount = (this.bitCount + 1) >>> 1;
      this.bit0Count = (this.bit0Count + 1) >>> 1;
      if (this.bit0Count === this.bitCount) this.bitCount++;
    }
    const scale = Math.floor(0x80000000 / this.bitCount);
    this.bit0Prob = Math.floor((this.bit0Count * scale) / 2 ** (31 - BIT_LENGTH_SHIFT));
    this.updateCycle = Math.min(64, (5 * this.updateCycle) >>> 2);
    this.bitsUntilUpdate = this.updateCycle;
  }
}

export class SymbolModel {
  readonly distribution: Uint32Array;
  readonly counts: Uint32Array;
  readonly lastSymbol: number;
  totalCount = 0;
  updateCycle: number;
  symbolsUntilUpdate: number;

  constructor(readonly symbols: number) {
    if (symbols < 2 || symbols > 1 << 11) throw new Error(`a symbol model has 2 to 2048 symbols, not ${symbols}`);
    this.distribution = new Uint32Array(symbols + 1);
    this.counts = new Uint32Array(symbols).fill(1);
    this.lastSymbol = symbols - 1;
    this.updateCycle = symbols;
    this.symbolsUntilUpdate = symbols;
    this.update();
    this.updateCycle = (symbols + 6) >>> 1;
    this.symbolsUntilUpdate = this.updateCycle;
  }

  update(): void {
    this.totalCount += this.updateCycle;
    if (this.totalCount > SYMBOL_MAX_COUNT) {
      this.totalCount = 0;
      for (let k = 0; k < this.symbols; k++) {
        this.counts[k] = (this.counts[k] + 1) >>> 1;
        this.totalCount += this.counts[k];
      }
    }
    const scale = Math.floor(0x80000000 / this.totalCount);
    let sum = 0;
    for (let k = 0; k < this.symbols; k++) {
      this.distribution[k] = Math.floor((scale * sum) / 2 ** (31 - SYMBOL_LENGTH_SHIFT));
      sum += this.counts[k];
    }
    this.updateCycle = Math.min((this.symbols + 6) << 3, (5 * this.updateCycle) >>> 2);
    this.symbolsUntilUpdate = this.updateCycle;
  }
}

/** Bytes that grow as they are written, with access to those already written (for carries). */
class ByteSink {
  bytes = new Uint8Array(1024);
  length = 0;
  push(b: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = b;
  }
}

export class ArithmeticEncoder {
  private base = 0;
  private length = MAX_LENGTH;
  private readonly out = new ByteSink();
  /** whether anything was encoded: LASzip leaves out a layer whose values never changed */
  used = false;

  encodeBit(m: BitModel, bit: number): void {
    this.used = true;
    const x = m.bit0Prob * (this.length >>> BIT_LENGTH_SHIFT);
    if (bit === 0) {
      this.length = x;
      m.bit0Count++;
    } else {
      this.addToBase(x);
      this.length = (this.length - x) >>> 0;
    }
    if (this.length < MIN_LENGTH) this.renormalise();
    if (--m.bitsUntilUpdate === 0) m.update();
  }

  encodeSymbol(m: SymbolModel, sym: number): void {
    this.used = true;
    if (!(sym >= 0 && sym < m.symbols)) throw new Error(`symbol ${sym} is outside a model of ${m.symbols}`);
    if (sym === m.lastSymbol) {
      const x = m.distribution[sym] * (this.length >>> SYMBOL_LENGTH_SHIFT);
      this.addToBase(x);
      this.length = (this.length - x) >>> 0;
    } else {
      this.length = this.length >>> SYMBOL_LENGTH_SHIFT;
      const x = m.distribution[sym] * this.length;
      this.addToBase(x);
      this.length = (m.distribution[sym + 1] * this.length - x) >>> 0;
    }
    if (this.length < MIN_LENGTH) this.renormalise();
    m.counts[sym]++;
    if (--m.symbolsUntilUpdate === 0) m.update();
  }

  /** `bits` raw bits (at most 32), without a model */
  writeBits(bits: number, sym: number): void {
    this.used = true;
    if (bits > 19) {
      this.writeShort(sym & 0xffff);
      sym = sym >>> 16;
      bits -= 16;
    }
    this.length = this.length >>> bits;
    this.addToBase(sym * this.length);
    if (this.length < MIN_LENGTH) this.renormalise();
  }

  private writeShort(sym: number): void {
    this.length = this.length >>> 16;
    this.addToBase(sym * this.length);
    if (this.length < MIN_LENGTH) this.renormalise();
  }

  /** Ends the stream: the last bytes of the interval, then the zero bytes the decoder reads ahead. */
  done(): Uint8Array {
    const initBase = this.base;
    let anotherByte = true;
    if (this.length > 2 * MIN_LENGTH) {
      this.base = (this.base + MIN_LENGTH) >>> 0;
      this.length = MIN_LENGTH >>> 1;
    } else {
      this.base = (this.base + (MIN_LENGTH >>> 1)) >>> 0;
      this.length = MIN_LENGTH >>> 9;
      anotherByte = false;
    }
    if (initBase > this.base) this.propagateCarry();
    this.renormalise();
    this.out.push(0);
    this.out.push(0);
    if (anotherByte) this.out.push(0);
    return this.out.bytes.slice(0, this.out.length);
  }

  private addToBase(x: number): void {
    const initBase = this.base;
    this.base = (this.base + x) >>> 0;
    if (initBase > this.base) this.propagateCarry();
  }

  private propagateCarry(): void {
    let p = this.out.length - 1;
    while (this.out.bytes[p] === 0xff) this.out.bytes[p--] = 0;
    this.out.bytes[p]++;
  }

  private renormalise(): void {
    do {
      this.out.push(this.base >>> 24);
      this.base = (this.base << 8) >>> 0;
      this.length = (this.length << 8) >>> 0;
    } while (this.length < MIN_LENGTH);
  }
}
