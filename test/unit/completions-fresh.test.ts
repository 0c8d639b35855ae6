import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli.js';
import { NOUNS } from '../../src/commands/index.js';
import { COMPLETION_FILES, completionScript, SHELLS } from '../../src/commands/completion/generate.js';

const program = createProgram({ run: async () => {} }, '0.0.0-test', NOUNS, { writeOut: () => {}, writeErr: () => {} });

describe('shipped completion scripts', () => {
  for (const shell of SHELLS) {
    it(`${COMPLETION_FILES[shell]} matches the command tree (run \`npm run completions\` if this fails)`, () => {
      const file = readFileSync(new URL(`../../${COMPLETION_FILES[shell]}`, import.meta.url), 'utf8').replace(/\r\n/g, '\n');
      expect(file).toBe(completionScript(shell, program));
    });
  }
});
