import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// scrypt parameters (OWASP minimum for scrypt: N=2^17, r=8, p=1 uses 128 MiB; 2^15 keeps a login ~50 ms and 32 MiB).
const N = 1 << 15,
  R = 8,
  P = 1,
  KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

/** "scrypt$N$r$p$salt$hash", salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const want = Buffer.from(hash, 'base64url')
  const got = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p))
  return got.length === want.length && timingSafeEqual(got, want)
}

/** A stored hash of a random password: unknown users cost the same time as known ones. */
let dummy: Promise<string> | undefined
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomBytes(16).toString('hex')))
}

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN) return `password needs at least ${PASSWORD_MIN} characters`
  if (password.length > PASSWORD_MAX) return `password is at most ${PASSWORD_MAX} characters`
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'password must not contain the username'
  return null
}

/** A random password people can type: 4 groups of 4 letters and digits. */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(16)
  let s = ''
  for (let i = 0; i < 16; i++) s += alphabet[bytes[i] % alphabet.length] + (i % 4 === 3 && i < 15 ? '-' : '')
  return s
}
