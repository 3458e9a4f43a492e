// Colours a file gives its faces (OFF's after a face's indices, a PLY face element's red, green and
// blue) put on the vertices, as pointlens colours a mesh by its vertices: each vertex takes the mean
// of the faces about it, so that a part painted by its faces shows painted, blended a vertex wide at
// its edges, rather than the colours being dropped without a word.
import { eightBitColors, type ColorConvention } from './colorDepth';
import { checkBudget } from './limits';

/** Said of a mesh whose faces' colours were put on its vertices. */
export const FACE_COLORS_NOTE = "colours its faces, not its vertices: each vertex was given the mean colour of the faces about it";

/** Said of a mesh whose faces' colours were left for its vertices' own. */
export const FACE_COLORS_LEFT_NOTE = "colours its faces as well as its vertices: the vertices' colours were read, the faces' were not";

export class FaceColors {
  /** each face's red, green and blue as the file writes them */
  private readonly values: Float64Array;
  /** the corners of every face in order, and where each face's start */
  private corners: Uint32Array;
  private readonly starts: Uint32Array;
  private cornerCount = 0;
  private face = -1;

  constructor(
    private readonly faceCount: number,
    private readonly vertexCount: number,
  ) {
    checkBudget(faceCount, 3 * 8 + 4 + 3 * 4, 'coloured faces');
    this.values = new Float64Array(faceCount * 3);
    this.starts = new Uint32Array(faceCount + 1);
    this.corners = new Uint32Array(Math.max(3, faceCount * 3));
  }

  /** Starts face `face` (0-based, in the file's order). */
  begin(face: number): void {
    this.face = face;
    this.starts[face] = this.cornerCount;
  }

  corner(vertex: number): void {
    if (this.cornerCount === this.corners.length) {
      checkBudget(this.cornerCount * 2, 4, 'face corners');
      const grown = new Uint32Array(this.cornerCount * 2);
      grown.set(this.corners);
      this.corners = grown;
    }
    this.corners[this.cornerCount++] = vertex;
  }

  /** Component `c` (0 red, 1 green, 2 blue) of the current face's colour, as the file writes it. */
  color(c: number, value: number): void {
    this.values[this.face * 3 + c] = value;
  }

  /** The vertices' colours, 3 bytes a vertex: the mean of their faces', each face's read to 8 bits as `convention` says (colorDepth); black where no face takes a vertex. */
  vertexColors(convention: ColorConvention): Uint8Array {
    this.starts[this.faceCount] = this.cornerCount;
    const faces = eightBitColors(this.values, this.values.length, (i) => i, convention);
    const sums = new Float64Array(this.vertexCount * 3);
    const counts = new Uint32Array(this.vertexCount);
    for (let f = 0; f < this.faceCount; f++) {
      for (let k = this.starts[f]; k < this.starts[f + 1]; k++) {
        const v = this.corners[k];
        counts[v]++;
        for (let c = 0; c < 3; c++) sums[v * 3 + c] += faces[f * 3 + c];
      }
    }
    const colors = new Uint8Array(this.vertexCount * 3);
    for (let v = 0; v < this.vertexCount; v++) if (counts[v]) for (let c = 0; c < 3; c++) colors[v * 3 + c] = Math.round(sums[v * 3 + c] / counts[v]);
    return colors;
  }
}
