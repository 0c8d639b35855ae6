import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli.js';
import { NOUNS } from '../../src/commands/index.js';
import { MAN_DIR, MARKDOWN_DIR, renderDocs } from '../../src/docs/render.js';
import { describeTree } from '../../src/docs/tree.js';

const program = createProgram({ run: async () => {} }, '0.0.0-test', NOUNS, { writeOut: () => {}, writeErr: () => {} });
const files = renderDocs(describeTree(program));
const root = new URL('../../', import.meta.url);

describe('shipped reference docs (run `npm run generate` if these fail)', () => {
  for (const [path, content] of files) {
    it(`${path} matches the command tree`, () => {
      expect(readFileSync(new URL(path, root), 'utf8').replace(/\r\n/g, '\n')).toBe(content);
    });
  }

  it('has no page for a command that no longer exists', () => {
    const onDisk = [MAN_DIR, MARKDOWN_DIR].flatMap((dir) => readdirSync(new URL(`${dir}/`, root)).map((f) => `${dir}/${f}`));
    expect(onDisk.filter((p) => !files.has(p))).toEqual([]);
  });

  it('ships in the package (package.json "files")', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { files: string[] };
    expect(pkg.files).toEqual(expect.arrayContaining([MAN_DIR, MARKDOWN_DIR]));
  });

  it('covers every command of the tree, with its examples', () => {
    const apps = files.get(`${MARKDOWN_DIR}/apps.md`)!;
    expect(apps).toContain('## spice-cloud apps list');
    expect(apps).toContain("$ spice-cloud apps list --json | jq -r '.[].name'");
    expect(files.get(`${MAN_DIR}/spice-cloud-apps.1`)).toMatch(/^\.TH SPICE\\-CLOUD\\-APPS 1/m);
    expect(files.get(`${MARKDOWN_DIR}/README.md`)).toContain('| `--jq <expr>` |');
  });
});
