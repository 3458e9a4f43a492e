// LASzip's integer compressor: a prediction's error is coded as its bit length k (one adaptive
// model per context), then the k-bit value (high bits with a model per k, low bits raw). Spec:
// https://github.com/LASzip/LASzip (integercompressor).
import { ArithmeticEncoder, BitModel, SymbolModel } from './arithmeticEncoder';

export class IntegerCompressor {
  private readonly corrBits: number;
  private readonly corrRange: number;
  private readonly corrMin: number;
  private readonly corrMax: number;
  private readonly mBits: SymbolModel[];
  private readonly corrector0 = new BitModel();
  private readonly correctors: (SymbolModel | undefined)[] = [];
  /** bit length of the last corrector, which the point compressor uses as context */
  k = 0;

  constructor(
    private readonly enc: ArithmeticEncoder,
    bits = 16,
    contexts = 1,
    private readonly bitsHigh = 8,
  ) {
    if (bits > 0 && bits < 32) {
      this.corrBits = bits;
      this.corrRange = 2 ** bits;
      this.corrMin = -(this.corrRange / 2);
      this.corrMax = this.corrMin + this.corrRange - 1;
    } else {
      this.corrBits = 32;
      this.corrRange = 0;
      this.corrMin = -(2 ** 31);
      this.corrMax = 2 ** 31 - 1;
    }
    this.mBits = Array.from({ length: contexts }, () => new SymbolModel(this.corrBits + 1));
    for (let i = 1; i <= this.corrBits; i++) this.correctors[i] = new SymbolModel(i <= bitsHigh ? 1 << i : 1 << bitsHigh);
  }

  compress(pred: number, real: number, context: number): void {
    let corr = (real - pred) | 0;
    if (corr < this.corrMin) corr += this.corrRange;
    else if (corr > this.corrMax) corr -= this.corrRange;
    this.writeCorrector(corr, this.mBits[context]);
  }

  private writeCorrector(c: number, mBits: SymbolModel): void {
    let k = 0;
    let c1 = c <= 0 ? -c : c - 1;
    while (c1) {
      c1 = Math.floor(c1 / 2);
      k++;
    }
    this.k = k;
    this.enc.encodeSymbol(mBits, k);
    if (k === 0) {
      this.enc.encodeBit(this.corrector0, c);
      return;
    }
    if (k >= 32) throw new Error('a 32-bit corrector needs the full range, which this writer does not produce');
    c = c < 0 ? c + (2 ** k - 1) : c - 1;
    if (k <= this.bitsHigh) {
      this.enc.encodeSymbol(this.correctors[k]!, c);
    } else {
      const k1 = k - this.bitsHigh;
      const low = c % 2 ** k1;
      this.enc.encodeSymbol(this.correctors[k]!, Math.floor(c / 2 ** k1));
      this.enc.writeBits(k1, low);
    }
  }
}
