/**
 * GitHub Actions: error annotations and step summaries.
 *
 * - With `GITHUB_ACTIONS=true`, main.ts adds one `::error title=…::…` workflow command
 *   to stderr per failure (the runner reads workflow commands from stderr as well as
 *   stdout, and stdout stays data only). Data is escaped as the Actions toolkit does
 *   (`%`, CR, LF); properties also escape `:` and `,`. The text has passed the Redactor.
 * - With `GITHUB_STEP_SUMMARY` set, `deploy --wait`, `deployments watch` and `secrets
 *   import` append a short Markdown section to that file (ctx.summary). Names, IDs,
 *   statuses and counts only, never a value; every line passes the Redactor too.
 */
import { promises as fsp } from 'node:fs'; // the promise API loads on first use (link-file.ts)
import type { Redactor } from '../output/mask.js';

type Env = Readonly<Record<string, string | undefined>>;

export function isGitHubActions(env: Env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Workflow-command data: `%`, CR and LF percent-encoded. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: as data, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error title=…::message` (one line, newline-terminated). */
export function errorAnnotation(title: string, message: string): string {
  return `::error title=${escapeProperty(title)}::${escapeData(message)}\n`;
}

/** Appends Markdown to the job's step summary; a no-op when GITHUB_STEP_SUMMARY is not set. */
export interface StepSummary {
  readonly enabled: boolean;
  append(markdown: string): Promise<void>;
}

export function stepSummary(env: Env, redactor: Redactor, warn: (text: string) => void): StepSummary {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return { enabled: false, append: async () => {} };
  return {
    enabled: true,
    async append(markdown) {
      try {
        await fsp.appendFile(file, redactor.redact(markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`), { encoding: 'utf8' });
      } catch (e) {
        // A summary is a courtesy: the command's own result stands.
        warn(`could not write the step summary to $GITHUB_STEP_SUMMARY: ${(e as Error).message}`);
      }
    },
  };
}

/** Text for one Markdown table cell: one line, `|` and backslashes escaped, HTML inert. */
export function mdCell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, "'");
}

/** A two-column `| Field | Value |` table. */
export function mdTable(rows: ReadonlyArray<readonly [string, unknown]>): string {
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${mdCell(k)} | ${mdCell(v)} |`)].join('\n');
}
