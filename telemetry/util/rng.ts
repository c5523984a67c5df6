/** A source of uniform numbers in [0, 1), like `Math.random`. Tests pass a seeded one. */
export type Rng = () => number;

/**
 * Seeded 32-bit PRNG (mulberry32, public domain, Tommy Ettinger). Fast and good enough for
 * resampling and noise in tests and benchmarks; not for cryptography.
 * @example const rng = seededRng(42); rng(); // 0.6011...
 */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal draw (Box–Muller).
 * @example normal(seededRng(1)) // ≈ N(0, 1)
 */
export function normal(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * A Laplace(0, scale) draw by inverting its CDF.
 * @example laplace(seededRng(1), 2) // mean 0, variance 8
 */
export function laplace(rng: Rng, scale: number): number {
  const u = rng() - 0.5;
  const a = Math.max(1e-300, 1 - 2 * Math.abs(u));
  return -scale * Math.sign(u) * Math.log(a);
}

/**
 * An exact Binomial(n, p) draw. Small means count successes by geometric waiting times (O(n·p));
 * larger ones invert the CDF searching outwards from the mode ("chop-down" search, Kemp 1986),
 * O(√(n·p)) steps, with the mode's probability from `logGamma`.
 * @example binomial(seededRng(1), 100, 0.3) // ≈ 30
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  return n * p < 10 ? binomialByWaiting(rng, n, p) : binomialFromMode(rng, n, p);
}

function binomialByWaiting(rng: Rng, n: number, p: number): number {
  const logQ = Math.log1p(-p);
  let successes = 0;
  let position = 0;
  for (;;) {
    let u = rng();
    while (u <= 0) u = rng();
    position += Math.floor(Math.log(u) / logQ) + 1;
    if (position > n) return successes;
    successes++;
  }
}

function binomialFromMode(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const mode = Math.floor((n + 1) * p);
  const logPmf =
    logGamma(n + 1) -
    logGamma(mode + 1) -
    logGamma(n - mode + 1) +
    mode * Math.log(p) +
    (n - mode) * Math.log(q);
  let u = rng();
  let up = mode;
  let pUp = Math.exp(logPmf);
  let down = mode;
  let pDown = pUp;
  u -= pUp;
  if (u < 0) return mode;
  for (;;) {
    if (down > 0) {
      pDown *= (down * q) / ((n - down + 1) * p);
      down--;
      u -= pDown;
      if (u < 0) return down;
    }
    if (up < n) {
      up++;
      pUp *= ((n - up + 1) * p) / (up * q);
      u -= pUp;
      if (u < 0) return up;
    }
    if (down === 0 && up === n) return mode; // rounding left a sliver of mass: the mode is likeliest
  }
}

/**
 * ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9 coefficients as in Numerical Recipes /
 * Boost; relative error ≈ 1e-15).
 * @example Math.exp(logGamma(5)) // 24
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = LANCZOS;
  let a = c[0];
  const y = x - 1;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Multinomial draw of `n` trials over probabilities `p` (need not sum to exactly 1), by
 * conditional binomials.
 * @example multinomial(seededRng(1), 10, [0.5, 0.5]) // e.g. [4, 6]
 */
export function multinomial(rng: Rng, n: number, p: readonly number[]): number[] {
  const out = new Array<number>(p.length).fill(0);
  let rest = n;
  let mass = p.reduce((s, x) => s + x, 0);
  for (let i = 0; i < p.length && rest > 0; i++) {
    if (i === p.length - 1 || mass <= 0) {
      out[i] = rest;
      break;
    }
    const x = binomial(rng, rest, Math.min(1, p[i] / mass));
    out[i] = x;
    rest -= x;
    mass -= p[i];
  }
  return out;
}
