/** Small dense linear algebra shared by the fits that need it (IsoFLOP parabolas, the learning-rate rule). */

/** Gaussian elimination with partial pivoting for a 3×3 system. */
export function solve3(a: number[][], b: number[]): [number, number, number] {
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < 3; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 4; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let sum = m[r][3];
    for (let k = r + 1; k < 3; k++) sum -= m[r][k] * x[k];
    x[r] = sum / m[r][r];
  }
  return [x[0], x[1], x[2]];
}
