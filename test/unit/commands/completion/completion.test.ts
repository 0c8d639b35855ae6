import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/completion/script.js';
import { describeProgram } from '../../../../src/commands/completion/spec.js';
import { UsageError } from '../../../../src/errors.js';
import { testContext } from '../../../helpers/context.js';
import { sampleProgram } from './sample.js';

describe('completion parse', () => {
  it('accepts bash, zsh and fish', () => {
    for (const shell of ['bash', 'zsh', 'fish']) expect(parse({ args: [shell], opts: {}, env: {} })).toEqual({ shell });
  });

  it('refuses other shells and a missing shell', () => {
    expect(() => parse({ args: ['powershell'], opts: {}, env: {} })).toThrow(/invalid shell "powershell": must be one of bash, zsh, fish/);
    expect(() => parse({ args: [undefined], opts: {}, env: {} })).toThrow(UsageError);
  });
});

describe('completion run', () => {
  it('prints a bash script that registers itself for the program', async () => {
    const t = await testContext({ tty: true });
    await run({ shell: 'bash' }, t.ctx, sampleProgram());
    expect(t.io.out()).toMatch(/^# bash completion for spice-cloud\n/);
    expect(t.io.out()).toMatch(/\ncomplete -F _spice_cloud spice-cloud\n$/);
    expect(t.io.err()).toBe('');
  });

  it('prints a zsh script with a #compdef line first', async () => {
    const t = await testContext();
    await run({ shell: 'zsh' }, t.ctx, sampleProgram());
    expect(t.io.out().split('\n')[0]).toBe('#compdef spice-cloud');
    expect(t.io.out()).toContain("'list:list apps'");
  });

  it('prints fish rules for subcommands with their descriptions', async () => {
    const t = await testContext();
    await run({ shell: 'fish' }, t.ctx, sampleProgram());
    expect(t.io.out()).toContain("complete -c spice-cloud -n '__spice_cloud_at \\'apps\\' 0' -a 'list' -d 'list apps'");
  });

  it('prints {shell, script} with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    await run({ shell: 'fish' }, t.ctx, sampleProgram());
    const out = JSON.parse(t.io.out());
    expect(out.shell).toBe('fish');
    expect(out.script).toMatch(/^# fish completion for spice-cloud/);
  });
});

describe('completion spec from the command tree', () => {
  const spec = describeProgram(sampleProgram());
  const find = (path: string) => {
    const walk = (c: typeof spec.root): typeof spec.root | undefined => (c.path === path ? c : c.commands.map(walk).find(Boolean));
    return walk(spec.root)!;
  };

  it('leaves out hidden commands and Commander’s implicit help command', () => {
    expect(spec.root.commands.map((c) => c.name)).toEqual(['apps', 'deployments', 'completion']);
  });

  it('keeps aliases and treats root options other than --version as global', () => {
    expect(find('apps list').aliases).toEqual(['ls']);
    expect(spec.globals.map((o) => o.long)).toEqual(['--json', '--profile', '--no-color', '--help']);
    expect(spec.root.options.map((o) => o.long)).toEqual(['--version']);
  });

  it('completes --app and <app> from the API, --region from the API, and known flags from fixed sets', () => {
    const create = find('apps create');
    const byLong = (l: string) => create.options.find((o) => o.long === l)!.values;
    expect(byLong('--region')).toEqual({ type: 'dynamic', source: 'regions' });
    expect(byLong('--visibility')).toEqual({ type: 'words', words: ['public', 'private'] });
    expect(byLong('--spicepod')).toEqual({ type: 'file' });
    expect(byLong('--description')).toEqual({ type: 'any' });
    expect(byLong('--yes')).toEqual({ type: 'none' });
    expect(find('deployments list').options.find((o) => o.long === '--app')!.values).toEqual({ type: 'dynamic', source: 'apps' });
    expect(find('deployments list').options.find((o) => o.long === '--status')!.values).toEqual({
      type: 'words',
      words: ['queued', 'in_progress', 'succeeded', 'failed', 'created'],
    });
    expect(find('apps get').args).toEqual([{ name: 'app', variadic: false, values: { type: 'dynamic', source: 'apps' } }]);
  });

  it('completes file names for <file> arguments but not for an API route named <path>', () => {
    const p = new Command('spice-cloud');
    p.command('import').argument('<file>');
    p.command('api').argument('<path>').option('--input <file>').option('-X, --method <method>');
    const [imp, api] = describeProgram(p).root.commands;
    expect(imp!.args[0]!.values).toEqual({ type: 'file' });
    expect(api!.args[0]!.values).toEqual({ type: 'any' });
    expect(api!.options.map((o) => o.values)).toEqual([{ type: 'file' }, { type: 'words', words: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] }]);
  });

  it('prefers the values an option declares with .choices()', () => {
    const p = new Command('spice-cloud');
    p.command('x').addOption(new Option('--visibility <v>').choices(['internal']));
    expect(describeProgram(p).root.commands[0]!.options[0]!.values).toEqual({ type: 'words', words: ['internal'] });
  });
});
