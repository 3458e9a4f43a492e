// LASzip's adaptive arithmetic encoder (range coder with 32-bit base and length, carry
// propagation into bytes already written), as the LASzip specification and its decoders define
// it: https://github.com/LASzip/LASzip (arithmeticencoder; its models are the app's, which decodes
// chunk tables with them). The decoders we test against (laz-perf) are the reference for the bytes.

import { BIT_LENGTH_SHIFT, BitModel, MAX_LENGTH, MIN_LENGTH, SYMBOL_LENGTH_SHIFT, SymbolModel } from '../arithmeticModels';

export { BitModel, SymbolModel };

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
