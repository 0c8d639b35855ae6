/** `spice-cloud commands --json` from the built binary: the tree tools read (no emulator needed). */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

describe('commands', () => {
  it('--json prints the whole tree with flags and descriptions; --jq reads it', async () => {
    const r = await runCli(['commands', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const tree = JSON.parse(r.stdout) as { commands: Array<{ name: string; description: string; options: Array<{ flags: string }> }> };
    const api = tree.commands.find((c) => c.name === 'api');
    expect(api?.description).toMatch(/Management API/);
    expect(api?.options.map((o) => o.flags)).toEqual(expect.arrayContaining(['--paginate', '-i, --include']));
    const names = await runCli(['commands', '--jq', '[.commands[].name] | join(" ")']);
    expect(names.stdout).toMatch(/^auth apps deploy deployments secrets /);
  });
});
