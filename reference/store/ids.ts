import { randomBytes } from 'node:crypto';

let counter = randomBytes(3).readUIntBE(0, 3);
const processPart = randomBytes(5).toString('hex');

/** Creates a MongoDB-style ObjectId: 24 lowercase hex characters, seconds first, then a counter. */
export function newObjectId(nowMs: number = Date.now()): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${processPart}${counter.toString(16).padStart(6, '0')}`;
}

const SHORT_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Creates a 7-character short reference id such as `iWlOE8K`, from `random` in [0, 1). */
export function newShortId(random: () => number = Math.random): string {
  let id = '';
  for (let i = 0; i < 7; i++) id += SHORT_ID_ALPHABET[Math.floor(random() * 64)];
  return id;
}

/** Seeded pseudo-random numbers in [0, 1) (mulberry32), so the seed data is the same on every start. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
