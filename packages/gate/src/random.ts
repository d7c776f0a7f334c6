// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { imul, trunc } = Math;

/** A seeded source of uniform doubles in [0, 1). */
export interface RandomSource {
  next(): number;
}

/**
 * xoshiro128** (Blackman & Vigna), seeded through splitmix32: fast, 2^128 − 1 period, reproducible
 * across platforms. Doubles carry 53 random bits.
 */
export function createRandom(seed: number): RandomSource {
  let state = trunc(seed) >>> 0;
  const splitmix32 = (): number => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  const nextUint32 = (): number => {
    const result = imul(rotl(imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    next: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
