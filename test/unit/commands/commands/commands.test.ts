import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../../src/cli.js';
import { NOUNS } from '../../../../src/commands/index.js';
import { run } from '../../../../src/commands/commands/list.js';
import type { TreeDoc } from '../../../../src/docs/tree.js';
import { testContext } from '../../../helpers/context.js';

const program = createProgram({ run: async () => {} }, '0.0.0-test', NOUNS, { writeOut: () => {}, writeErr: () => {} });

describe('commands', () => {
  it('--json prints the tree: commands, arguments, flags, descriptions, examples', async () => {
    const t = await testContext({ globals: { json: true } });
    await run({}, t.ctx, program);
    const tree = JSON.parse(t.io.out()) as TreeDoc;
    expect(tree.name).toBe('spice-cloud');
    expect(tree.globalOptions.map((o) => o.long)).toEqual(expect.arrayContaining(['--json', '--jq', '--fields', '--format', '--no-headers']));
    const apps = tree.commands.find((c) => c.name === 'apps')!;
    const get = apps.commands.find((c) => c.name === 'get')!;
    expect(get).toMatchObject({ path: 'spice-cloud apps get', aliases: ['view'], arguments: [{ name: 'app', required: false, variadic: false }] });
    expect(get.examples[0]).toBe('spice-cloud apps get sales-data');
    const api = tree.commands.find((c) => c.name === 'api')!;
    expect(api.options).toContainEqual(expect.objectContaining({ flags: '-H, --header <name:value>', repeatable: true, value: { name: 'name:value', required: true, variadic: false } }));
    expect(api.commands.map((c) => c.name)).toContain('list');
    // Hidden helpers stay out of the tree.
    expect(tree.commands.map((c) => c.name)).not.toContain('__complete');
  });

  it('lists every command path with its description otherwise', async () => {
    const t = await testContext();
    await run({}, t.ctx, program);
    expect(t.io.out()).toMatch(/^spice-cloud apps list\tlist apps$/m);
    expect(t.io.out()).toMatch(/^spice-cloud commands\t/m);
  });
});
