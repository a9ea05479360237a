/**
 * The standard normal distribution to double precision (Hart 1968, as given by G. West, "Better approximations
 * to cumulative normal functions", 2005): absolute error below 1e-14.
 */
export function normalUpperTail(x: number): number {
  const a = Math.abs(x)
  let c: number
  if (a > 37) c = 0
  else {
    const e = Math.exp((-a * a) / 2)
    if (a < 7.07106781186547) {
      let b = 3.52624965998911e-2 * a + 0.700383064443688
      b = b * a + 6.37396220353165
      b = b * a + 33.912866078383
      b = b * a + 112.079291497871
      b = b * a + 221.213596169931
      b = b * a + 220.206867912376
      c = e * b
      b = 8.83883476483184e-2 * a + 1.75566716318264
      b = b * a + 16.064177579207
      b = b * a + 86.7807322029461
      b = b * a + 296.564248779674
      b = b * a + 637.333633378831
      b = b * a + 793.826512519948
      b = b * a + 440.413735824752
      c /= b
    } else {
      let b = a + 0.65
      b = a + 4 / b
      b = a + 3 / b
      b = a + 2 / b
      b = a + 1 / b
      c = e / b / 2.506628274631
    }
  }
  return x > 0 ? c : 1 - c // P(Z > x)
}

export const normalCdf = (x: number) => normalUpperTail(-x)

/** Two-sided p-value of a z-score. */
export const twoSidedP = (z: number) => (Number.isFinite(z) ? Math.min(1, 2 * normalUpperTail(Math.abs(z))) : NaN)
