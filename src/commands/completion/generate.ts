/** One entry point for the three generators, shared by `completion <shell>` and the freshness test. */
import type { Command } from 'commander';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { describeProgram } from './spec.js';
import type { Shell } from './shells.js';
import { zshScript } from './zsh.js';

export { SHELLS, type Shell } from './shells.js';

/** Where `npm run completions` writes each script (relative to the package root). */
export const COMPLETION_FILES: Record<Shell, string> = {
  bash: 'completions/spice-cloud.bash',
  zsh: 'completions/_spice-cloud',
  fish: 'completions/spice-cloud.fish',
};

export function completionScript(shell: Shell, program: Command): string {
  const spec = describeProgram(program);
  switch (shell) {
    case 'bash':
      return bashScript(spec);
    case 'zsh':
      return zshScript(spec);
    case 'fish':
      return fishScript(spec);
  }
}
