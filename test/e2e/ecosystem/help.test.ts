/**
 * Help that teaches, and shells: every command's --help (the tree is discovered by walking
 * `spice-cloud --help` recursively, not listed by hand) shows examples; mistyped commands
 * and flags get the nearest suggestion and exit 2 with nothing sent; the completion
 * scripts come out for bash, zsh and fish.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, bed, runCli, type Bed, type Result } from '../harness.js';

interface HelpPage {
  path: string[];
  code: number | null;
  text: string;
  subcommands: string[];
}

/** Names in the "Commands:" section (aliases and arguments dropped; Commander's own `help [command]` left out below the root). */
function subcommandsOf(text: string, root: boolean): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf('Commands:');
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const hit = /^ {2}([a-z][\w-]*)(?:\|[\w-]+)?(?:\s|$)/.exec(line);
    if (hit?.[1] && (root || hit[1] !== 'help')) names.push(hit[1]);
  }
  return names;
}

/** Runs `fn` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

let pages: HelpPage[] = [];

beforeAll(async () => {
  const read = async (path: string[]): Promise<HelpPage> => {
    const r = await runCli([...path, '--help']);
    return { path, code: r.code, text: r.stdout, subcommands: subcommandsOf(r.stdout, path.length === 0) };
  };
  let level = [await read([])];
  pages = [...level];
  while (level.length) {
    const children = level.flatMap((p) => p.subcommands.map((s) => [...p.path, s]));
    level = await pool(children, 3, read);
    pages.push(...level);
  }
}, 60_000);

const leaves = () => pages.filter((p) => p.path.length > 0 && p.subcommands.length === 0);
const groups = () => pages.filter((p) => p.path.length > 0 && p.subcommands.length > 0);
const name = (p: HelpPage) => ['spice-cloud', ...p.path].join(' ');
/** The example lines of a help page: "  $ spice-cloud ..." under "Examples:". */
const examplesOf = (text: string) => {
  const lines = text.split('\n');
  const start = lines.indexOf('Examples:');
  return start < 0 ? [] : lines.slice(start + 1).filter((l) => /^ {2}\$ spice-cloud\b/.test(l));
};

describe('help', () => {
  it('discovers the whole command tree from --help', () => {
    const all = pages.map(name);
    // Spot checks that the walk went all the way down; the tests below cover every page.
    for (const cmd of ['spice-cloud apps list', 'spice-cloud deployments logs', 'spice-cloud secrets import', 'spice-cloud keys rotate', 'spice-cloud help exit-codes', 'spice-cloud deploy', 'spice-cloud emulator']) {
      expect(all).toContain(cmd);
    }
    expect(leaves().length).toBeGreaterThanOrEqual(35);
    for (const p of pages) expect(p.code, name(p)).toBe(0);
  });

  it('shows "Examples:" with at least one example for every command', () => {
    const missing = leaves()
      .filter((p) => examplesOf(p.text).length === 0)
      .map(name);
    expect(missing).toEqual([]);
  });

  it('shows examples in the help of every command group as well', () => {
    const missing = groups()
      .filter((p) => examplesOf(p.text).length === 0)
      .map(name);
    expect(missing).toEqual([]);
  });
});

describe('the credential precedence', () => {
  /** The sources of a precedence line, in order: flags, variables, and the fixed fallbacks. */
  const sources = (order: string): string[] =>
    order.replace(/`/g, '').match(/--[a-z-]+|\b[A-Z]+_[A-Z0-9_]+\b|stored profile|auth login|https:\/\/api\.spice\.ai|\/api\/oauth\/token|\.spice\/cloud\.json|\bdefault\b/g) ?? [];

  it('is the same in the README table as in `help environment`: same rows, same sources, same order', async () => {
    const r = await runCli(['help', 'environment', '--json']);
    expect(r.code).toBe(0);
    const printed = (JSON.parse(r.stdout) as { precedence: Array<{ what: string; order: string }> }).precedence;
    expect(printed.length).toBeGreaterThanOrEqual(5);

    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((x) => /^Credentials\b/.test(x)) ?? '';
    const rows = section
      .split('\n')
      .filter((l) => /^\|/.test(l) && !/^\|\s*(what|---)/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((cells) => ({ what: cells[1] ?? '', order: cells[2] ?? '' }));
    expect(rows.map((x) => x.what).length, 'README precedence table').toBe(printed.length);
    rows.forEach((row, i) => expect(sources(row.order), `README row "${row.what}"`).toEqual(sources(printed[i]!.order)));
  });
});

describe('mistyped commands and flags', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(async () => {
    await b?.close();
  });

  const CASES: Array<[string[], RegExp]> = [
    [['aps', 'list'], /unknown command 'aps'[\s\S]*Did you mean .*\bapps\b/],
    [['apps', 'lst'], /unknown command 'lst'[\s\S]*Did you mean .*\blist\b/],
    [['secrets', 'sett', 'X'], /unknown command 'sett'[\s\S]*Did you mean set\?/],
    [['apps', 'list', '--jsn'], /unknown option '--jsn'[\s\S]*Did you mean --json\?/],
    [['deploy', '-a', 'x', '--wiat'], /unknown option '--wiat'[\s\S]*Did you mean --wait\?/],
    [['regions', 'list', '--api-ur', 'http://127.0.0.1:1'], /unknown option '--api-ur'[\s\S]*Did you mean --api-url\?/],
    [['help', 'aps'], /unknown command "aps"[\s\S]*Did you mean "apps"/],
  ];

  it.each(CASES)('spice-cloud %j suggests the nearest name, exits 2 and sends nothing', async (args, suggestion) => {
    const r: Result = await b.run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(suggestion);
    expect(b.emu.requests()).toEqual([]);
  });

  // Reported: `help <topic>` looks the word up among the top-level commands only, so a
  // mistyped topic gets the generic hint instead of the topic it was close to.
  it('suggests the nearest help topic for a mistyped one', async () => {
    const r = await b.run(['help', 'exit-codez']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean .*exit-codes/);
  });
});

describe('shell completion', () => {
  it.each([
    ['bash', /complete\b.*spice-cloud/],
    ['zsh', /^#compdef spice-cloud/m],
    ['fish', /^complete -c spice-cloud/m],
  ])('`completion %s` exits 0 and prints a non-empty script', async (shell, marker) => {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').length).toBeGreaterThan(20);
    expect(r.stdout).toMatch(marker);
  });
});
