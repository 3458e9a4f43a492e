// The adaptive models of LASzip's arithmetic coder (https://github.com/LASzip/LASzip,
// arithmeticmodel): the probabilities a coder and its decoder both update as symbols pass, so that
// they stay in step. The decoder of LAZ chunk tables (lazChunkTable) and the LAZ writer (laz/) share them.

export const MIN_LENGTH = 0x01000000;
export const MAX_LENGTH = 0xffffffff;
export const BIT_LENGTH_SHIFT = 13;
const BIT_MAX_COUNT = 1 << BIT_LENGTH_SHIFT;
export const SYMBOL_LENGTH_SHIFT = 15;
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
