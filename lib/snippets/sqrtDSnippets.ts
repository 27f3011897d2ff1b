/**
 * Take-away code for the "why √d" calculator: a NumPy script that runs the same experiment as
 * lib/calculators/sqrtDExperiment.ts — i.i.d. N(0, 1) queries and keys, fresh keys per query, the
 * raw and the scaled dot products, softmax at a temperature, entropy and saturation, shared
 * histogram bins, and the sweep over d. It draws with NumPy's own generator, so its samples are
 * not the lab's; the statistics agree up to sampling noise. The last line prints the statistics
 * as JSON (the test compares them with the lab's).
 */
import type { SqrtDState } from '../calculators/sqrtDSpec';
import { SQRT_D_DIMENSIONS } from '../calculators/sqrtDSpec';
import { SATURATION_THRESHOLD, SQRT_D_DEFAULT_BINS } from '../calculators/sqrtDExperiment';
import { assertOptions } from '../matrix';
import { pythonFloat } from './pythonLiterals';

export function numpySqrtDSnippet(state: SqrtDState, options: { sweep?: boolean } = {}): string {
  assertOptions(options, '{ sweep }', { optional: true });
  const { sweep = true } = options;
  const lines = [
    '# Why attention divides by √d (Attention Lab, "Why √d").',
    "# NumPy's own random generator: the samples differ from the site's (which uses its own seeded",
    '# generator), but the statistics — variances, entropies, saturated shares — agree up to',
    '# sampling noise.',
    'import json',
    '',
    'import numpy as np',
    '',
    ...parameterLines(state),
    '',
    '',
    'def softmax_rows(logits):',
    '    e = np.exp(logits - logits.max(axis=1, keepdims=True))',
    '    return e / e.sum(axis=1, keepdims=True)',
    '',
    '',
    'def entropy_rows(p):',
    '    logs = np.log(p, out=np.zeros_like(p), where=p > 0)  # 0·ln 0 = 0',
    '    return -(p * logs).sum(axis=1)',
    '',
    '',
    'def dot_products(d, rng):',
    '    """samples × keys dot products q·k, q and k with i.i.d. N(0, 1) entries."""',
    '    out = np.empty((samples, keys))',
    '    chunk = max(1, 2_000_000 // (keys * d))  # bound the memory of the keys drawn at once',
    '    for start in range(0, samples, chunk):',
    '        stop = min(samples, start + chunk)',
    '        q = rng.standard_normal((stop - start, d))',
    '        k = rng.standard_normal((stop - start, keys, d))',
    '        out[start:stop] = np.einsum("sd,skd->sk", q, k)',
    '    return out',
    '',
    '',
    'def experiment(d):',
    '    rng = np.random.default_rng(seed)  # the same seed at every d, as the site does',
    '    raw = dot_products(d, rng)',
    '    scaled = raw / np.sqrt(d)',
    '    p_raw = softmax_rows(raw / temperature)',
    '    p_scaled = softmax_rows(scaled / temperature)',
    '    return raw, scaled, {',
    '        "d": d,',
    '        "rawVariance": float(raw.var()),  # population variance (ddof = 0); theory: d',
    '        "scaledVariance": float(scaled.var()),  # theory: 1',
    '        "unscaledMeanEntropy": float(entropy_rows(p_raw).mean()),',
    '        "scaledMeanEntropy": float(entropy_rows(p_scaled).mean()),',
    '        "unscaledSaturatedShare": float((p_raw.max(axis=1) > SATURATED).mean()),',
    '        "scaledSaturatedShare": float((p_scaled.max(axis=1) > SATURATED).mean()),',
    '    }',
    '',
    '',
    'raw, scaled, stats = experiment(d)',
    'print(f"d = {d}: var(q·k) = {stats[\'rawVariance\']:.3f} (theory {d}), "',
    '      f"var(q·k/√d) = {stats[\'scaledVariance\']:.3f} (theory 1)")',
    'print(f"mean entropy, unscaled {stats[\'unscaledMeanEntropy\']:.3f} vs scaled "',
    '      f"{stats[\'scaledMeanEntropy\']:.3f} nats (uniform: {np.log(keys):.3f})")',
    'print(f"saturated rows, unscaled {stats[\'unscaledSaturatedShare\']:.1%} vs scaled "',
    '      f"{stats[\'scaledSaturatedShare\']:.1%}")',
    '',
    '# Shared bins over [−r, r], r = the largest |raw|: the scaled values fill only the middle.',
    'r = np.abs(raw).max()',
    'edges = np.linspace(-r, r, bins + 1)',
    'raw_counts, _ = np.histogram(raw, edges)',
    'scaled_counts, _ = np.histogram(scaled, edges)',
    'for lo, hi, a, b in zip(edges[:-1], edges[1:], raw_counts, scaled_counts):',
    '    print(f"[{lo:8.2f}, {hi:8.2f})  raw {a:6d}  scaled {b:6d}")',
    '',
  ];
  lines.push(...endingLines(sweep));
  return lines.join('\n');
}

/** Bins as CSV: left edge, right edge, raw count, scaled count. */
export function sqrtDHistogramCsv(edges: readonly number[], rawCounts: readonly number[], scaledCounts: readonly number[]): string {
  const rows = ['bin_left,bin_right,raw_count,scaled_count'];
  for (let i = 0; i < rawCounts.length; i++) rows.push(`${edges[i]},${edges[i + 1]},${rawCounts[i]},${scaledCounts[i]}`);
  return rows.join('\n') + '\n';
}

/**
 * "Copy as PyTorch": the same experiment with torch tensors and torch's own generator
 * (torch.Generator().manual_seed(seed)), float64 throughout. Like the NumPy snippet, its samples
 * are not the lab's but its statistics agree up to sampling noise; the last line prints the same
 * JSON keys.
 */
export function pytorchSqrtDSnippet(state: SqrtDState, options: { sweep?: boolean } = {}): string {
  assertOptions(options, '{ sweep }', { optional: true });
  const { sweep = true } = options;
  const lines = [
    '# Why attention divides by √d (Attention Lab, "Why √d"), in PyTorch.',
    "# torch's own random generator: the samples differ from the site's (which uses its own seeded",
    '# generator), but the statistics — variances, entropies, saturated shares — agree up to',
    '# sampling noise.',
    'import json',
    'import math',
    '',
    'import torch',
    '',
    ...parameterLines(state),
    '',
    '',
    'def entropy_rows(p):',
    '    return torch.special.entr(p).sum(dim=1)  # entr(x) = -x·ln x, and 0 at x = 0',
    '',
    '',
    'def dot_products(d, generator):',
    '    """samples × keys dot products q·k, q and k with i.i.d. N(0, 1) entries."""',
    '    out = torch.empty(samples, keys, dtype=torch.float64)',
    '    chunk = max(1, 2_000_000 // (keys * d))  # bound the memory of the keys drawn at once',
    '    for start in range(0, samples, chunk):',
    '        stop = min(samples, start + chunk)',
    '        q = torch.randn(stop - start, d, generator=generator, dtype=torch.float64)',
    '        k = torch.randn(stop - start, keys, d, generator=generator, dtype=torch.float64)',
    '        out[start:stop] = torch.einsum("sd,skd->sk", q, k)',
    '    return out',
    '',
    '',
    'def experiment(d):',
    '    generator = torch.Generator().manual_seed(seed)  # the same seed at every d, as the site does',
    '    raw = dot_products(d, generator)',
    '    scaled = raw / math.sqrt(d)',
    '    p_raw = torch.softmax(raw / temperature, dim=1)',
    '    p_scaled = torch.softmax(scaled / temperature, dim=1)',
    '    return raw, scaled, {',
    '        "d": d,',
    '        "rawVariance": raw.var(correction=0).item(),  # population variance; theory: d',
    '        "scaledVariance": scaled.var(correction=0).item(),  # theory: 1',
    '        "unscaledMeanEntropy": entropy_rows(p_raw).mean().item(),',
    '        "scaledMeanEntropy": entropy_rows(p_scaled).mean().item(),',
    '        "unscaledSaturatedShare": (p_raw.amax(dim=1) > SATURATED).double().mean().item(),',
    '        "scaledSaturatedShare": (p_scaled.amax(dim=1) > SATURATED).double().mean().item(),',
    '    }',
    '',
    '',
    'raw, scaled, stats = experiment(d)',
    'print(f"d = {d}: var(q·k) = {stats[\'rawVariance\']:.3f} (theory {d}), "',
    '      f"var(q·k/√d) = {stats[\'scaledVariance\']:.3f} (theory 1)")',
    'print(f"mean entropy, unscaled {stats[\'unscaledMeanEntropy\']:.3f} vs scaled "',
    '      f"{stats[\'scaledMeanEntropy\']:.3f} nats (uniform: {math.log(keys):.3f})")',
    'print(f"saturated rows, unscaled {stats[\'unscaledSaturatedShare\']:.1%} vs scaled "',
    '      f"{stats[\'scaledSaturatedShare\']:.1%}")',
    '',
    '# Shared bins over [−r, r], r = the largest |raw|: the scaled values fill only the middle.',
    'r = raw.abs().max().item()',
    'edges = torch.linspace(-r, r, bins + 1, dtype=torch.float64)',
    'raw_counts = torch.histogram(raw.flatten(), bins=edges).hist.long().tolist()',
    'scaled_counts = torch.histogram(scaled.flatten(), bins=edges).hist.long().tolist()',
    'for lo, hi, a, b in zip(edges[:-1].tolist(), edges[1:].tolist(), raw_counts, scaled_counts):',
    '    print(f"[{lo:8.2f}, {hi:8.2f})  raw {a:6d}  scaled {b:6d}")',
    '',
  ];
  lines.push(...endingLines(sweep));
  return lines.join('\n');
}

/** The experiment's parameters, the same in both scripts. */
function parameterLines(state: SqrtDState): string[] {
  return [
    `d = ${state.d}`,
    `samples = ${state.samples}  # queries`,
    `keys = ${state.keys}  # keys per query (fresh keys for every query)`,
    `temperature = ${pythonFloat(state.temperature)}`,
    `seed = ${state.seed}`,
    `bins = ${SQRT_D_DEFAULT_BINS}`,
    `SATURATED = ${pythonFloat(SATURATION_THRESHOLD)}  # a row saturates when its largest weight exceeds this`,
  ];
}

/** Both scripts end alike: the sweep over d (when asked for), then the JSON the tests compare with the lab. */
function endingLines(sweep: boolean): string[] {
  if (!sweep) return ['print(json.dumps({"stats": stats}))', ''];
  return [
    '# As d grows: the unscaled softmax saturates, the scaled one does not.',
    `sweep = [experiment(dd)[2] for dd in [${SQRT_D_DIMENSIONS.join(', ')}]]`,
    'print("d, entropy unscaled, entropy scaled, saturated unscaled, saturated scaled")',
    'for s in sweep:',
    '    print(s["d"], *(f"{s[key]:.3f}" for key in ("unscaledMeanEntropy", "scaledMeanEntropy",',
    '                                               "unscaledSaturatedShare", "scaledSaturatedShare")))',
    '',
    'print(json.dumps({"stats": stats, "sweep": sweep}))',
    '',
  ];
}
