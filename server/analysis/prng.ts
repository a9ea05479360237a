/** A small seedable PRNG (sfc32 seeded through splitmix32) with the samplers the demo generators need. */

function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

const INV_2_32 = 1 / 4294967296

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  private spare = NaN

  /** Any integer (or 53-bit safe number) seeds a distinct stream; `stream` derives independent sub-streams. */
  constructor(seed: number, stream = 0) {
    const hi = Math.floor(seed / 4294967296)
    const sm = splitmix32((seed ^ Math.imul(stream + 1, 0x632be5ab) ^ Math.imul(hi, 0x9e3779b1)) >>> 0)
    this.a = sm()
    this.b = sm()
    this.c = sm()
    this.d = sm() | 1
    for (let i = 0; i < 12; i++) this.u32()
  }

  /** Next 32-bit unsigned integer (sfc32). */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() * INV_2_32
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.float()
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare
      this.spare = NaN
      return mean + sd * z
    }
    let u = this.float()
    while (u === 0) u = this.float()
    const r = Math.sqrt(-2 * Math.log(u))
    const th = 2 * Math.PI * this.float()
    this.spare = r * Math.sin(th)
    return mean + sd * r * Math.cos(th)
  }

  /** Poisson: Knuth's product method for small means, a rounded normal approximation above 50. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0
    if (lambda > 50) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))))
    const L = Math.exp(-lambda)
    let k = 0
    let p = this.float()
    while (p > L) {
      k++
      p *= this.float()
    }
    return k
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('choice from an empty list')
    return items[this.int(items.length)]
  }
}

/** Walker's alias method: O(1) draws from a fixed discrete distribution. */
export class AliasTable {
  readonly size: number
  private prob: Float64Array
  private alias: Int32Array

  constructor(weights: ArrayLike<number>) {
    const n = weights.length
    let total = 0
    for (let i = 0; i < n; i++) {
      const w = weights[i]
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`weight ${i} is not a finite non-negative number`)
      total += w
    }
    if (n === 0 || total <= 0) throw new Error('alias table needs a positive total weight')
    this.size = n
    this.prob = new Float64Array(n)
    this.alias = new Int32Array(n)
    const scaled = new Float64Array(n)
    const small = new Int32Array(n)
    const large = new Int32Array(n)
    let ns = 0
    let nl = 0
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total
      if (scaled[i] < 1) small[ns++] = i
      else large[nl++] = i
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]
      const l = large[--nl]
      this.prob[s] = scaled[s]
      this.alias[s] = l
      scaled[l] = scaled[l] + scaled[s] - 1
      if (scaled[l] < 1) small[ns++] = l
      else large[nl++] = l
    }
    while (nl > 0) {
      const l = large[--nl]
      this.prob[l] = 1
      this.alias[l] = l
    }
    while (ns > 0) {
      const s = small[--ns]
      this.prob[s] = 1
      this.alias[s] = s
    }
  }

  sample(rng: Rng): number {
    const u = rng.float() * this.size
    const i = Math.floor(u)
    return u - i < this.prob[i] ? i : this.alias[i]
  }
}

/** Cumulative weights with binary search: for small or one-off weighted choices. */
export function weightedIndex(rng: Rng, cumulative: Float64Array): number {
  const target = rng.float() * cumulative[cumulative.length - 1]
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cumulative[mid] > target) hi = mid
    else lo = mid + 1
  }
  return lo
}

export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length)
  let s = 0
  for (let i = 0; i < weights.length; i++) {
    s += weights[i]
    out[i] = s
  }
  return out
}
