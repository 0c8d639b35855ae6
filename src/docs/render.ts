/**
 * Renders the command tree (tree.ts) as the reference docs shipped in the package:
 * - `man/spice-cloud.1` (overview, global options, every command listed) and one page per
 *   top-level command, `man/spice-cloud-<command>.1`, covering its subcommands;
 * - `docs/commands/README.md` (index) and `docs/commands/<command>.md`.
 * Output is deterministic (no dates, no version), so the staleness test can compare it
 * with the committed files: `npm run generate` rewrites them.
 */
import { flatten, type CommandDoc, type OptionDoc, type TreeDoc } from './tree.js';

export const MAN_DIR = 'man';
export const MARKDOWN_DIR = 'docs/commands';

/** Every generated file, path (relative to the package root) → content. */
export function renderDocs(tree: TreeDoc): Map<string, string> {
  const files = new Map<string, string>();
  files.set(`${MAN_DIR}/${tree.name}.1`, manRoot(tree));
  files.set(`${MARKDOWN_DIR}/README.md`, markdownIndex(tree));
  for (const c of tree.commands) {
    files.set(`${MAN_DIR}/${tree.name}-${c.name}.1`, manCommand(tree, c));
    files.set(`${MARKDOWN_DIR}/${c.name}.md`, markdownCommand(tree, c));
  }
  return files;
}

// ---------------------------------------------------------------- Markdown

function markdownIndex(tree: TreeDoc): string {
  const lines = [
    `# ${tree.name} command reference`,
    '',
    '<!-- Generated from the command tree by `npm run generate`; do not edit by hand. -->',
    '',
    tree.description,
    '',
    '| Command | Description |',
    '|---|---|',
    ...flatten(tree).map((c) => `| [\`${c.path}\`](${c.path.split(' ')[1]}.md#${anchor(c.path)}) | ${mdText(c.description)} |`),
    '',
    '## Global options',
    '',
    'Accepted by every command.',
    '',
    ...optionTable(tree.globalOptions),
    '',
    `See also \`${tree.name} help exit-codes\`, \`${tree.name} help environment\` and the man pages in \`man/\`.`,
    '',
  ];
  return lines.join('\n');
}

function markdownCommand(tree: TreeDoc, top: CommandDoc): string {
  const out = [`# ${top.path}`, '', '<!-- Generated from the command tree by `npm run generate`; do not edit by hand. -->', ''];
  const visit = (c: CommandDoc, depth: number) => {
    if (depth > 0) out.push(`${'#'.repeat(Math.min(depth + 1, 4))} ${c.path}`, '');
    out.push(mdText(c.description), '', '```', c.usage, '```', '');
    if (c.aliases.length > 0) out.push(`Aliases: ${c.aliases.map((a) => `\`${a}\``).join(', ')}`, '');
    if (c.arguments.length > 0) {
      out.push('| Argument | Description |', '|---|---|');
      for (const a of c.arguments) out.push(`| \`${argLabel(a.name, a.required, a.variadic)}\` | ${mdText(a.description)}${a.choices ? ` (one of: ${a.choices.join(', ')})` : ''} |`);
      out.push('');
    }
    if (c.options.length > 0) out.push(...optionTable(c.options), '');
    for (const n of c.notes) out.push(mdText(n), '');
    if (c.examples.length > 0) {
      out.push('```sh');
      for (const e of c.examples) out.push(e.startsWith('#') ? e : `$ ${e}`);
      out.push('```', '');
    }
    for (const sub of c.commands) visit(sub, depth + 1);
  };
  visit(top, 0);
  out.push(`Global options: see [the index](README.md#global-options). Man page: \`man ${tree.name}-${top.name}\`.`, '');
  return out.join('\n');
}

function optionTable(options: OptionDoc[]): string[] {
  return ['| Option | Description |', '|---|---|', ...options.map((o) => `| \`${o.flags}\` | ${mdText(o.description)}${defaultText(o)} |`)];
}

function defaultText(o: OptionDoc): string {
  return o.default === null || o.default === undefined || typeof o.default === 'boolean' ? '' : ` (default: \`${String(o.default)}\`)`;
}

function argLabel(name: string, required: boolean, variadic: boolean): string {
  const inner = `${name}${variadic ? '...' : ''}`;
  return required ? `<${inner}>` : `[${inner}]`;
}

/** Table-safe text: one line, pipes escaped. */
function mdText(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** GitHub's heading anchor for "spice-cloud apps list" → "spice-cloud-apps-list". */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

// ---------------------------------------------------------------- man (roff)

function manRoot(tree: TreeDoc): string {
  const lines = [
    ...manHeader(tree.name, tree.name),
    '.SH NAME',
    `${tree.name} \\- ${roff(tree.description)}`,
    '.SH SYNOPSIS',
    `.B ${tree.name}`,
    '.I command',
    '[\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    roff(tree.description),
    '.SH COMMANDS',
  ];
  for (const c of flatten(tree)) lines.push('.TP', `.B ${roff(c.path.slice(tree.name.length + 1))}`, roff(c.description));
  lines.push('.SH GLOBAL OPTIONS', ...manOptions(tree.globalOptions));
  lines.push(
    '.SH SEE ALSO',
    tree.commands.map((c) => `.BR ${tree.name}-${c.name} (1)`).join(',\n'),
    '.PP',
    `\\fB${tree.name} help exit-codes\\fR, \\fB${tree.name} help environment\\fR`,
    '',
  );
  return lines.join('\n');
}

function manCommand(tree: TreeDoc, top: CommandDoc): string {
  const title = `${tree.name}-${top.name}`;
  const lines = [...manHeader(title, tree.name), '.SH NAME', `${title} \\- ${roff(top.description)}`, '.SH SYNOPSIS'];
  for (const c of flatten({ ...tree, commands: [top] })) lines.push(`.B ${roff(c.usage)}`, '.br');
  const visit = (c: CommandDoc, depth: number) => {
    lines.push(depth === 0 ? '.SH DESCRIPTION' : `.SH ${roff(c.path.toUpperCase())}`, roff(c.description));
    if (c.aliases.length > 0) lines.push('.PP', `Aliases: ${c.aliases.map(roff).join(', ')}`);
    if (c.arguments.length > 0) {
      lines.push('.SS Arguments');
      for (const a of c.arguments) lines.push('.TP', `.I ${roff(argLabel(a.name, a.required, a.variadic))}`, roff(a.description + (a.choices ? ` (one of: ${a.choices.join(', ')})` : '')));
    }
    if (c.options.length > 0) lines.push('.SS Options', ...manOptions(c.options));
    for (const n of c.notes) lines.push('.PP', roff(n));
    if (c.examples.length > 0) {
      lines.push('.SS Examples', '.nf', '.RS 4');
      for (const e of c.examples) lines.push(roffLine(e.startsWith('#') ? e : `$ ${e}`));
      lines.push('.RE', '.fi');
    }
    for (const sub of c.commands) visit(sub, depth + 1);
  };
  visit(top, 0);
  lines.push('.SH SEE ALSO', `.BR ${tree.name} (1)`, '');
  return lines.join('\n');
}

function manHeader(title: string, source: string): string[] {
  return [`.\\" Generated from the command tree by \`npm run generate\`; do not edit by hand.`, `.TH ${roff(title.toUpperCase())} 1 "" "${source}" "User Commands"`];
}

function manOptions(options: OptionDoc[]): string[] {
  return options.flatMap((o) => ['.TP', `.B ${roff(o.flags)}`, roff(o.description + defaultText(o).replace(/`/g, ''))]);
}

/** Text for roff: backslashes and hyphens escaped; a leading `.` or `'` cannot start a request. */
function roff(s: string): string {
  const text = s.replace(/\s*\n\s*/g, ' ').replace(/\\/g, '\\e').replace(/-/g, '\\-');
  return /^[.']/.test(text) ? `\\&${text}` : text;
}

/** One literal line (examples): like roff() without joining lines. */
function roffLine(s: string): string {
  return roff(s);
}
