// Writes completions/ from the built CLI (`npm run completions` builds first), so the
// scripts always describe the real command tree. test/unit/completions-fresh.test.ts
// fails when the committed files differ from what the tree generates now.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = { bash: 'completions/spice-cloud.bash', zsh: 'completions/_spice-cloud', fish: 'completions/spice-cloud.fish' };

mkdirSync(new URL('../completions', import.meta.url), { recursive: true });
for (const [shell, file] of Object.entries(files)) {
  const script = execFileSync(process.execPath, ['bin/spice-cloud.cjs', 'completion', shell], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1', HOME: process.env.HOME },
  });
  writeFileSync(new URL(`../${file}`, import.meta.url), script);
  console.log(`wrote ${file} (${script.split('\n').length - 1} lines)`);
}
