// A height grid's holes filled from the cells around them: an empty cell inside the ground the scan
// covers (an occlusion's shadow, a puddle that returned nothing) takes the height read linearly
// between the nearest cells with points along its row and along its column, the shorter span
// weighing more, so that a hole in a plane is filled with the plane. Empty cells that reach the
// grid's edge through other empty cells lie outside the ground scanned, and stay empty. CloudCompare
// interpolates over a triangulation of the cells instead; on a plane the two agree.

/** Heights of a grid `columns` wide (row r, column c at r * columns + c), NaN where empty: its holes filled in place; how many were. */
export function fillHoles(heights: Float64Array, columns: number, rows: number): number {
  const outside = outsideCells(heights, columns, rows);
  const isHole = (k: number) => Number.isNaN(heights[k]) && !outside[k];
  // the estimate along each row, and the span it was read across (its weight's inverse)
  const along = new Float64Array(heights.length);
  const span = new Float32Array(heights.length);
  const lerp = (k: number, a: number, da: number, b: number, db: number) => {
    along[k] = heights[a] + ((heights[b] - heights[a]) * da) / (da + db);
    span[k] = da + db;
  };
  // a hole's every straight path to the edge meets a cell with points: it would reach the edge otherwise
  for (let r = 0; r < rows; r++) {
    let last = -1;
    for (let c = 0; c < columns; c++) {
      const k = r * columns + c;
      if (Number.isNaN(heights[k])) continue;
      if (last >= 0 && isHole(k - 1)) for (let h = last + 1; h < c; h++) lerp(r * columns + h, r * columns + last, h - last, k, c - h);
      last = c;
    }
  }
  let filled = 0;
  for (let c = 0; c < columns; c++) {
    let last = -1;
    for (let r = 0; r < rows; r++) {
      const k = r * columns + c;
      if (Number.isNaN(heights[k])) continue;
      // the empty cells between two with points are all holes or all outside: a hole beside an outside cell would be outside
      if (last >= 0 && isHole((last + 1) * columns + c)) {
        const a = heights[last * columns + c];
        for (let h = last + 1; h < r; h++) {
          const hole = h * columns + c;
          const wRow = 1 / span[hole];
          const wColumn = 1 / (r - last);
          heights[hole] = (along[hole] * wRow + (a + ((heights[k] - a) * (h - last)) / (r - last)) * wColumn) / (wRow + wColumn);
          filled++;
        }
      }
      last = r;
    }
  }
  return filled;
}

/** 1 for each empty cell joined to the grid's edge through empty cells (side to side). */
function outsideCells(heights: Float64Array, columns: number, rows: number): Uint8Array {
  const outside = new Uint8Array(heights.length);
  const queue = new Int32Array(heights.length);
  let end = 0;
  const reach = (k: number) => {
    if (!outside[k] && Number.isNaN(heights[k])) {
      outside[k] = 1;
      queue[end++] = k;
    }
  };
  for (let c = 0; c < columns; c++) {
    reach(c);
    reach((rows - 1) * columns + c);
  }
  for (let r = 0; r < rows; r++) {
    reach(r * columns);
    reach(r * columns + columns - 1);
  }
  for (let at = 0; at < end; at++) {
    const k = queue[at];
    const c = k % columns;
    if (c > 0) reach(k - 1);
    if (c < columns - 1) reach(k + 1);
    if (k >= columns) reach(k - columns);
    if (k + columns < heights.length) reach(k + columns);
  }
  return outside;
}
