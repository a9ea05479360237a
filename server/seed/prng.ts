// The seeded random numbers live in analysis/prng.ts (analysis imports nothing outside itself); re-exported here.
export * from '../analysis/prng.ts'
