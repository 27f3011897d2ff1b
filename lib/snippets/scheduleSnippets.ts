/**
 * Take-away code for the learning-rate schedules calculator: a PyTorch script that builds each
 * schedule with torch.optim.lr_scheduler on a dummy optimiser and prints the learning rate at the
 * chosen step and along the run (the values the chart shows), and the curves as CSV.
 * The lab evaluates closed forms; PyTorch's schedulers update recursively, so the two agree to
 * rounding (last bits) — the script prints 8 decimals, where they read the same.
 */
import type { ScheduleState } from '../calculators/scheduleSpec';
import { pythonFloat, pythonString } from './pythonLiterals';

/** Print every `stride`-th step so the table stays about 20 lines. */
export function printStride(steps: number): number {
  return Math.max(1, Math.ceil(steps / 20));
}

export function pytorchScheduleSnippet(state: ScheduleState): string {
  const f = pythonFloat;
  const entries: string[] = [];
  if (state.showStep) entries.push(`    "StepLR": lrs(lambda opt: StepLR(opt, step_size=${state.stepSize}, gamma=${f(state.stepGamma)})),`);
  if (state.showExp) entries.push(`    "ExponentialLR": lrs(lambda opt: ExponentialLR(opt, gamma=${f(state.expGamma)})),`);
  if (state.showCos) entries.push(`    "CosineAnnealingLR": lrs(lambda opt: CosineAnnealingLR(opt, T_max=${state.cosPeriod}, eta_min=${f(state.cosMinLr)})),`);
  if (state.showWarm) entries.push(`    ${pythonString('warm-up + cosine')}: lrs(lambda opt: LambdaLR(opt, warmup_cosine)),`);
  const lines = [
    '# Learning-rate schedules from Attention Lab: the lr used at each step t = 0 … steps.',
    'import math',
    '',
    'import torch',
    'from torch.optim.lr_scheduler import CosineAnnealingLR, ExponentialLR, LambdaLR, StepLR',
    '',
    `lr = ${f(state.lr)}`,
    `steps = ${state.steps}`,
    '',
    '',
    'def lrs(make_scheduler):',
    '    """The learning rate in use at steps 0 … steps (read before each scheduler.step())."""',
    '    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)',
    '    scheduler = make_scheduler(opt)',
    '    out = []',
    '    for _ in range(steps + 1):',
    '        out.append(scheduler.get_last_lr()[0])',
    '        opt.step()',
    '        scheduler.step()',
    '    return out',
    '',
  ];
  if (state.showWarm) {
    lines.push(
      '',
      `WARMUP, TOTAL, MIN_LR = ${state.warmupSteps}, ${state.warmTotal}, ${f(state.warmMinLr)}`,
      '',
      '',
      'def warmup_cosine(t):',
      '    # Linear warm-up from 0, then a half cosine to MIN_LR at TOTAL, then MIN_LR (the shape of',
      "    # Hugging Face's get_cosine_schedule_with_warmup). LambdaLR multiplies lr by this factor.",
      '    if t < WARMUP:',
      '        return t / WARMUP',
      '    if t >= TOTAL:',
      '        return MIN_LR / lr',
      '    p = (t - WARMUP) / (TOTAL - WARMUP)',
      '    return (MIN_LR + (lr - MIN_LR) * 0.5 * (1 + math.cos(math.pi * p))) / lr',
      '',
    );
  }
  const stride = printStride(state.steps);
  lines.push(
    ...schedulesAtStepLines(entries, state.step),
    `print("step", *schedules)`,
    `for t in sorted(set(range(0, steps + 1, ${stride})) | {steps}):`,
    '    print(t, *(f"{values[t]:.8f}" for values in schedules.values()))',
    '',
  );
  return lines.join('\n');
}

function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** step, then one column per schedule (RFC 4180, CRLF). Not bounded by the snippet literal limit: it is data. */
export function scheduleCsv(series: readonly { label: string; lr: ArrayLike<number> }[]): string {
  const length = series.reduce((n, s) => Math.max(n, s.lr.length), 0);
  const lines = [['step', ...series.map((s) => csvField(s.label))].join(',')];
  for (let t = 0; t < length; t++) lines.push([String(t), ...series.map((s) => (t < s.lr.length ? String(s.lr[t]) : ''))].join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * "Copy as NumPy": the closed forms of lib/schedules.ts for the enabled schedules, evaluated at
 * t = 0 … steps, printing the lr at the chosen step, a strided table, and (last line) JSON with
 * every value, keyed by the names the PyTorch snippet uses. The lab evaluates the same formulas in
 * float64, so the values agree to the last bit or two (pow and cos may round differently).
 */
export function numpyScheduleSnippet(state: ScheduleState): string {
  const f = pythonFloat;
  const entries: string[] = [];
  if (state.showStep) entries.push(`    "StepLR": lr * ${f(state.stepGamma)} ** np.floor(t / ${state.stepSize}),`);
  if (state.showExp) entries.push(`    "ExponentialLR": lr * ${f(state.expGamma)} ** t,`);
  if (state.showCos) {
    entries.push(
      '    # Past T_max the closed form keeps following the cosine (back up to lr at 2·T_max), as PyTorch does.',
      `    "CosineAnnealingLR": cosine(t / ${state.cosPeriod}, lr, ${f(state.cosMinLr)}),`,
    );
  }
  if (state.showWarm) entries.push(`    ${pythonString('warm-up + cosine')}: warmup_cosine(t),`);
  const lines = [
    '# Learning-rate schedules from Attention Lab as closed forms: the lr used at each step t = 0 … steps.',
    'import json',
    '',
    'import numpy as np',
    '',
    `lr = ${f(state.lr)}`,
    `steps = ${state.steps}`,
    't = np.arange(steps + 1, dtype=np.float64)',
    '',
    '',
    'def cosine(fraction, high, low):',
    '    """Half cosine from high (fraction 0) to low (fraction 1)."""',
    '    return low + (high - low) * (1 + np.cos(np.pi * fraction)) / 2',
    '',
  ];
  if (state.showWarm) {
    lines.push(
      '',
      `WARMUP, TOTAL, MIN_LR = ${state.warmupSteps}, ${state.warmTotal}, ${f(state.warmMinLr)}`,
      '',
      '',
      'def warmup_cosine(t):',
      "    # Linear warm-up from 0, a half cosine to MIN_LR at TOTAL, then MIN_LR (Hugging Face's",
      '    # get_cosine_schedule_with_warmup shape).',
      '    decay = cosine((t - WARMUP) / (TOTAL - WARMUP), lr, MIN_LR)',
      '    return np.where(t < WARMUP, lr * t / max(WARMUP, 1), np.where(t >= TOTAL, MIN_LR, decay))',
      '',
    );
  }
  const stride = printStride(state.steps);
  lines.push(
    ...schedulesAtStepLines(entries, state.step),
    'print("step", *schedules)',
    `for s in sorted(set(range(0, steps + 1, ${stride})) | {steps}):`,
    '    print(s, *(f"{values[s]:.8f}" for values in schedules.values()))',
    '',
    'print(json.dumps({"step": step, "lr": {name: values.tolist() for name, values in schedules.items()}}))',
    '',
  );
  return lines.join('\n');
}

/** Both scripts gather the chosen schedules in one dict and print each one's rate at the chosen step. */
function schedulesAtStepLines(entries: readonly string[], step: number): string[] {
  return [
    '',
    'schedules = {',
    ...entries,
    '}',
    '',
    `step = ${step}`,
    'for name, values in schedules.items():',
    '    print(f"{name:>18}: lr at step {step} = {values[step]:.8f}")',
    '',
  ];
}
