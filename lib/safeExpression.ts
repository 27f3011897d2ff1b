/**
 * Arithmetic in matrix cells (`1/sqrt(2)`, `-0.5*3`, `pi/4`, `e^-1`), evaluated by a mathjs
 * instance that has only numeric functions in it, following the mathjs security guidance: the
 * instance is built from the few dependencies it needs, `import`, `createUnit`, `evaluate`,
 * `parse`, `simplify` and `derivative` are replaced by functions that throw, and every expression
 * is parsed and checked node by node before it runs: constants, the allowed symbols, + − × ÷ ^,
 * parentheses and calls of allowed functions only. No assignment, function definition, property
 * access, matrix, unit or string can get through, and the length is capped, so a hostile or absurd
 * cell is refused with a message and cannot hang the page (results must also be finite).
 * A number with a dangling exponent ("1e", "2.5e+") is refused before mathjs sees it, which would
 * read it as a product with the constant e.
 *
 * mathjs is loaded with a dynamic import on first use, so pages that never see an expression never
 * download it. Needs mathjs ≥ 15.2 (earlier versions have parser advisories).
 */
import type { ExpressionEvaluator } from './matrixText';

export const MAX_EXPRESSION_LENGTH = 120;
const ALLOWED_FUNCTIONS = ['sqrt', 'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'abs'] as const;
const ALLOWED_SYMBOLS = ['pi', 'e', ...ALLOWED_FUNCTIONS];
const ALLOWED_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

let loading: Promise<ExpressionEvaluator> | null = null;

/**
 * A number whose exponent was never typed: "1e", "2.5E", "1e+", "3e-", also inside an expression
 * ("2e*3"). mathjs reads "1e" as 1 · e by implicit multiplication, so a half-typed 1e3 silently
 * became 2.718. The e must not start a name ("2exp(1)") and must not have its digits ("1e-3").
 */
const UNFINISHED_NUMBER = /(?<![\w.])(\d+\.?\d*|\.\d+)((?:[eE][+-]?\d+)?)[eE](?![+-]?\d)(?![A-Za-z_])([+-]?)/;

/**
 * Why `expression` holds an unfinished number, with what to write instead, or null. Implicit
 * multiplication by e right after a number ("2e") is refused too: next to exponent notation it
 * reads as a typo, and 2*e says the same thing unambiguously.
 */
export function unfinishedNumber(expression: string): string | null {
  const match = UNFINISHED_NUMBER.exec(expression);
  if (match === null) return null;
  const [typed, digits, exponent, sign] = match;
  // Name the fragment only when it is not the whole cell, which the caller quotes already.
  const what = typed === expression.trim() ? '' : `"${typed}" `;
  const m = String(Number(digits));
  if (exponent !== '') {
    const whole = `${m}${exponent.toLowerCase()}`;
    return `${what}${what ? 'is ' : ''}a number with a stray e after it: write ${whole} alone, or ${whole}*e to multiply it by e`;
  }
  const power = `${m}e${sign}3 for ${m} × 10${sign === '-' ? '⁻³' : '³'}`;
  return `${what}${what ? 'is ' : ''}an unfinished number: write ${power}${sign === '' ? `, or ${m}*e for ${m} × e` : ''}`;
}

export function loadExpressionEvaluator(): Promise<ExpressionEvaluator> {
  loading ??= import('mathjs').then(buildEvaluator);
  return loading;
}

type MathjsModule = typeof import('mathjs');
interface MathNodeLike {
  type: string;
  name?: string;
  fn?: string | { name?: string };
  op?: string;
  args?: MathNodeLike[];
  content?: MathNodeLike;
  value?: unknown;
  implicit?: boolean;
}

function buildEvaluator(m: MathjsModule): ExpressionEvaluator {
  const math = m.create(
    {
      addDependencies: m.addDependencies,
      subtractDependencies: m.subtractDependencies,
      multiplyDependencies: m.multiplyDependencies,
      divideDependencies: m.divideDependencies,
      powDependencies: m.powDependencies,
      unaryMinusDependencies: m.unaryMinusDependencies,
      unaryPlusDependencies: m.unaryPlusDependencies,
      sqrtDependencies: m.sqrtDependencies,
      expDependencies: m.expDependencies,
      logDependencies: m.logDependencies,
      sinDependencies: m.sinDependencies,
      cosDependencies: m.cosDependencies,
      tanDependencies: m.tanDependencies,
      tanhDependencies: m.tanhDependencies,
      absDependencies: m.absDependencies,
      piDependencies: m.piDependencies,
      eDependencies: m.eDependencies,
      parseDependencies: m.parseDependencies,
    },
    { number: 'number' },
  );
  const parse = math.parse;
  const disabled = (name: string) => () => {
    throw new Error(`${name} is not available here`);
  };
  math.import(
    {
      import: disabled('import'),
      createUnit: disabled('createUnit'),
      evaluate: disabled('evaluate'),
      parse: disabled('parse'),
      simplify: disabled('simplify'),
      derivative: disabled('derivative'),
    },
    { override: true },
  );

  const check = (node: MathNodeLike): void => {
    switch (node.type) {
      case 'ConstantNode':
        if (typeof node.value !== 'number') throw new Error('only numbers are allowed');
        return;
      case 'SymbolNode':
        if (!ALLOWED_SYMBOLS.includes(node.name ?? '')) throw new Error(`"${node.name}" is not a known constant (use pi or e)`);
        return;
      case 'ParenthesisNode':
        if (node.content) check(node.content);
        return;
      case 'OperatorNode':
        if (!ALLOWED_OPERATORS.has(typeof node.fn === 'string' ? node.fn : '')) throw new Error(`the operator "${node.op}" is not allowed (use + - * / ^)`);
        node.args?.forEach(check);
        return;
      case 'FunctionNode': {
        const fn = node.fn && typeof node.fn === 'object' ? node.fn.name : undefined;
        if (!(ALLOWED_FUNCTIONS as readonly string[]).includes(fn ?? '')) {
          throw new Error(`"${fn ?? 'that'}" is not an allowed function (use ${ALLOWED_FUNCTIONS.join(', ')})`);
        }
        node.args?.forEach(check);
        return;
      }
      default:
        throw new Error('only arithmetic is allowed here');
    }
  };

  return (expression: string): number => {
    if (expression.length > MAX_EXPRESSION_LENGTH) throw new Error(`expressions are limited to ${MAX_EXPRESSION_LENGTH} characters`);
    const unfinished = unfinishedNumber(expression);
    if (unfinished !== null) throw new Error(unfinished);
    let node: MathNodeLike & { compile(): { evaluate(scope?: object): unknown } };
    try {
      node = parse(expression) as unknown as typeof node;
    } catch {
      throw new Error('not a number or an arithmetic expression');
    }
    check(node);
    const value = node.compile().evaluate({});
    if (typeof value !== 'number') throw new Error('does not evaluate to a real number');
    if (!Number.isFinite(value)) throw new Error(`evaluates to ${String(value)}, not a finite number`);
    return value;
  };
}
