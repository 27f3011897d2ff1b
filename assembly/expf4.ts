// Vectorised exp for softmax: four float32 lanes at once, accurate to a few ulp.
//
// Cephes-style: x = n·ln2 + r with |r| ≤ ln2/2, exp(r) by a degree-6 polynomial, then × 2^n
// built from exponent bits. ln2 is split (Cody–Waite) into a short high part, so n·LN2_HI is
// exact, and a low correction, which keeps r accurate for |n| up to ~150.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// 1.5·2^23: adding it rounds a float with |v| < 2^22 to the nearest integer (ties to even) and
// leaves that integer in the low mantissa bits, so no float→int conversion instruction is needed.
const ROUND_MAGIC: f32 = 12582912.0;
const ROUND_MAGIC_BITS: i32 = 0x4b400000;
// Inputs are clamped to at least this: exp(-103.972084) computes to 0 in float32 (just under
// 2^-150), so everything below it, -Infinity included, gives exactly 0 with no extra select.
const X_UNDERFLOW: f32 = -103.972084;
// exp(88.7228...) is the largest finite float32; clamping keeps 2^n representable.
const X_OVERFLOW: f32 = 88.7228394;

const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

/** exp of each lane; -Infinity and anything below -103.97 give exactly 0. NaN lanes are not handled. */
// @ts-ignore: decorator
@inline
export function expf4(x: v128): v128 {
  // pmin/pmax are single instructions; softmax never passes NaN.
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(X_UNDERFLOW)), f32x4.splat(X_OVERFLOW));

  const t = f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(ROUND_MAGIC));
  const fn = f32x4.sub(t, f32x4.splat(ROUND_MAGIC));
  const n = i32x4.sub(t, i32x4.splat(ROUND_MAGIC_BITS));

  let r = f32x4.sub(xc, f32x4.mul(fn, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(fn, f32x4.splat(LN2_LO)));

  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));

  // 2^n in two halves: n ranges over [-150, 128], beyond a single float's exponent, and the
  // second multiply rounds straight into the subnormal range (gradual underflow, like Math.exp).
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}
