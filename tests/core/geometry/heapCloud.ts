// A ground `width` × `depth` sampled every 0.05 (exact twentieths, so that cell edges fall between
// samples as the test expects), each sample at the height `height` gives it: a test-written heap.
export function heapCloud(width: number, depth: number, height: (x: number, y: number) => number): Float32Array {
  const nx = Math.round(width * 20) + 1;
  const ny = Math.round(depth * 20) + 1;
  const out = new Float32Array(3 * nx * ny);
  for (let i = 0, k = 0; i < nx; i++)
    for (let j = 0; j < ny; j++, k += 3) {
      const x = i / 20;
      const y = j / 20;
      out.set([x, y, height(x, y)], k);
    }
  return out;
}
