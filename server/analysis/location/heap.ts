/** A max-heap of (key, id) on typed arrays, for lazy greedy evaluation. */
export class MaxHeap {
  private keys: Float64Array
  private ids: Int32Array
  size = 0
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(1, capacity))
    this.ids = new Int32Array(Math.max(1, capacity))
  }

  push(key: number, id: number) {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2)
      k.set(this.keys)
      this.keys = k
      const d = new Int32Array(this.size * 2)
      d.set(this.ids)
      this.ids = d
    }
    let i = this.size++
    while (i > 0) {
      const p = (i - 1) >> 1
      if (this.keys[p] >= key) break
      this.keys[i] = this.keys[p]
      this.ids[i] = this.ids[p]
      i = p
    }
    this.keys[i] = key
    this.ids[i] = id
  }

  topKey(): number {
    return this.size ? this.keys[0] : -Infinity
  }
  topId(): number {
    return this.ids[0]
  }

  pop(): number {
    const id = this.ids[0]
    const key = this.keys[--this.size],
      last = this.ids[this.size]
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= this.size) break
      if (c + 1 < this.size && this.keys[c + 1] > this.keys[c]) c++
      if (this.keys[c] <= key) break
      this.keys[i] = this.keys[c]
      this.ids[i] = this.ids[c]
      i = c
    }
    this.keys[i] = key
    this.ids[i] = last
    return id
  }
}
