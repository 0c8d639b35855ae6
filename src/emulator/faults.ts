/**
 * Fault injection: rules that make matching requests misbehave (see docs/emulator.md).
 *
 * Compact CLI grammar (parseFaultSpec):
 *
 *   spec    := target '=' action (':' option)*
 *   target  := '*' | METHOD | PATH | METHOD ' ' PATH
 *   action  := <HTTP status 200-599> | drop | drop-after | delay | malformed-json
 *            | html | empty | truncated | wrong-content-type | empty-200
 *   (empty-200 runs the request for real, then answers a 2xx with an empty body:
 *    200 unless status=201/202; the Terraform provider accepts 200 on deletes)
 *   option  := count=N | prob=P | probability=P | retry-after=S | ms=N | delay=N | status=N
 *
 * e.g. 'POST /v1/apps/**=drop-after:count=1', 'GET /v1/apps=503:prob=0.3',
 *      '*=429:retry-after=1:count=2' (see docs/emulator.md for more).
 */
import type { FaultAction, FaultRule } from './types.js';

export const FAULT_ACTIONS: FaultAction[] = [
  'status',
  'drop',
  'drop-after',
  'delay',
  'malformed-json',
  'html',
  'empty',
  'truncated',
  'wrong-content-type',
  'empty-200',
];

export class FaultRuleError extends Error {
  override name = 'FaultRuleError';
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Validates an untrusted rule (admin route, options) and returns a clean copy. */
export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultRuleError('fault rule must be an object');
  const o = input as Record<string, unknown>;
  const action = o['action'];
  if (typeof action !== 'string' || !FAULT_ACTIONS.includes(action as FaultAction)) {
    throw new FaultRuleError(`fault action must be one of ${FAULT_ACTIONS.join(', ')}`);
  }
  const rule: FaultRule = { action: action as FaultAction };
  const method = o['method'];
  if (method !== undefined) {
    if (typeof method !== 'string' || !/^(\*|[A-Za-z]+)$/.test(method)) throw new FaultRuleError('fault method must be an HTTP method or *');
    rule.method = method.toUpperCase();
  }
  const path = o['path'];
  if (path !== undefined) {
    if (typeof path !== 'string' || !(path.startsWith('/') || path === '*' || path === '**')) {
      throw new FaultRuleError('fault path must be a glob starting with /');
    }
    if (path.length > 512) throw new FaultRuleError('fault path must be at most 512 characters');
    rule.path = path;
  }
  const num = (key: keyof FaultRule, min: number, max: number): void => {
    const v = o[key];
    if (v === undefined) return;
    if (!isInt(v, min, max)) throw new FaultRuleError(`fault ${key} must be an integer between ${min} and ${max}`);
    (rule as unknown as Record<string, number>)[key] = v;
  };
  num('status', 200, 599);
  num('retryAfter', 0, 86_400);
  num('delayMs', 0, 600_000);
  num('count', 1, 1_000_000);
  const p = o['probability'];
  if (p !== undefined) {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new FaultRuleError('fault probability must be a number between 0 and 1');
    rule.probability = p;
  }
  return rule;
}

/** Parses the compact CLI form into a FaultRule (throws FaultRuleError on bad input). */
export function parseFaultSpec(spec: string): FaultRule {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new FaultRuleError(`fault spec "${spec}" must look like TARGET=ACTION[:option=value...]`);
  const target = spec.slice(0, eq).trim();
  const [actionText = '', ...options] = spec.slice(eq + 1).split(':');
  const raw: Record<string, unknown> = {};

  if (target !== '*') {
    const parts = target.split(/\s+/);
    if (parts.length === 2) {
      raw['method'] = parts[0];
      raw['path'] = parts[1];
    } else if (parts.length === 1 && (parts[0] ?? '').startsWith('/')) {
      raw['path'] = parts[0];
    } else if (parts.length === 1) {
      raw['method'] = parts[0];
    } else {
      throw new FaultRuleError(`fault target "${target}" must be *, METHOD, PATH or "METHOD PATH"`);
    }
  }

  const action = actionText.trim();
  if (/^\d{3}$/.test(action)) {
    raw['action'] = 'status';
    raw['status'] = Number(action);
  } else {
    raw['action'] = action;
  }

  for (const opt of options) {
    const [key = '', value = ''] = opt.split('=', 2).map((s) => s.trim());
    const n = Number(value);
    if (value === '' || Number.isNaN(n)) throw new FaultRuleError(`fault option "${opt}" needs a numeric value`);
    switch (key.toLowerCase()) {
      case 'count':
        raw['count'] = n;
        break;
      case 'prob':
      case 'probability':
        raw['probability'] = n;
        break;
      case 'retry-after':
      case 'retryafter':
        raw['retryAfter'] = n;
        break;
      case 'ms':
      case 'delay':
      case 'delayms':
        raw['delayMs'] = n;
        break;
      case 'status':
        raw['status'] = n;
        break;
      default:
        throw new FaultRuleError(`unknown fault option "${key}" (count, prob, retry-after, ms, status)`);
    }
  }
  return validateFaultRule(raw);
}

/**
 * Glob match on path segments: '*' = exactly one segment, '**' = any number (incl. zero);
 * inside a segment '*' matches any run of characters but '/'. No regular expressions and
 * no backtracking recursion: a table over (pattern segment × path segment), and a
 * two-pointer wildcard match within a segment, so the cost is bounded by
 * pattern length × path length whatever the pattern (a fault installed from a web page
 * once blocked the event loop forever).
 */
export function globMatch(glob: string, path: string): boolean {
  if (glob === '*' || glob === '**') return true;
  const g = glob.split('/').slice(1);
  const p = path.split('/').slice(1);
  // row[j]: pattern segments g[i..] match path segments p[j..]; filled from the end.
  let next: boolean[] = Array.from({ length: p.length + 1 }, (_, j) => j === p.length);
  for (let i = g.length - 1; i >= 0; i--) {
    const row = new Array<boolean>(p.length + 1).fill(false);
    const pat = g[i]!;
    for (let j = p.length; j >= 0; j--) {
      if (pat === '**') row[j] = next[j]! || (j < p.length && row[j + 1]!);
      else row[j] = j < p.length && next[j + 1]! && segmentMatch(pat, p[j]!);
    }
    next = row;
  }
  return next[0]!;
}

/** '*' within one segment, iteratively (the classic greedy match with one backtrack point). */
export function segmentMatch(pat: string, s: string): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < s.length) {
    if (i < pat.length && pat[i] !== '*' && pat[i] === s[j]) {
      i++;
      j++;
    } else if (i < pat.length && pat[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < pat.length && pat[i] === '*') i++;
  return i === pat.length;
}

/** The active rules. The first matching rule (in insertion order) wins; one per request. */
export class FaultSet {
  private rules: Array<{ rule: FaultRule; remaining: number | null }> = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** Validates (throws FaultRuleError) and appends a rule. */
  add(rule: unknown): FaultRule {
    const clean = validateFaultRule(rule);
    this.rules.push({ rule: clean, remaining: clean.count ?? null });
    return clean;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) => (remaining === null ? { ...rule } : { ...rule, count: remaining }));
  }

  /** Picks the rule for this request and consumes one use of it. */
  pick(method: string, path: string): FaultRule | null {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.method !== undefined && rule.method !== '*' && rule.method !== method.toUpperCase()) continue;
      if (rule.path !== undefined && !globMatch(rule.path, path)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (entry.remaining !== null) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) this.rules = this.rules.filter((e) => e !== entry);
      }
      return rule;
    }
    return null;
  }
}
