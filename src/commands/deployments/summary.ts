/** The GitHub Actions step summary of a waited-for deployment (`deploy --wait`, `deployments watch`). */
import { mdCell, mdTable } from '../../ci/github.js';
import type { Deployment } from '../../api/types.js';
import { CliError, ExitCode } from '../../errors.js';
import type { ResolvedApp } from '../shared/app.js';
import { formatDuration } from './shared.js';

/** `failure` is the error the wait ended with (undefined: succeeded). */
export function deploymentSummary(app: ResolvedApp, d: Deployment, failure: unknown, durationMs: number): string {
  const code = failure instanceof CliError ? failure.exitCode : failure === undefined ? ExitCode.ok : ExitCode.error;
  const outcome =
    code === ExitCode.ok
      ? 'succeeded'
      : code === ExitCode.timeout
        ? `timed out (still ${d.status})`
        : code === ExitCode.interrupted
          ? `wait interrupted (still ${d.status})`
          : code === ExitCode.deploymentFailed && d.status !== 'failed'
            ? `superseded (${d.status})`
            : d.status === 'failed'
              ? 'failed'
              : `error: ${failure instanceof Error ? failure.message : String(failure)}`;
  const error = [d.error_code, d.error_message].filter(Boolean).join(': ');
  const mark = code === ExitCode.ok ? '✅' : '❌';
  const rows: Array<[string, unknown]> = [
    ['App', app.name],
    ['Deployment', d.id],
    ['Status', outcome],
    ['Duration', formatDuration(durationMs)],
    ['Image tag', d.image_tag ?? d.image],
  ];
  if (error) rows.push(['Error', error]);
  return `### ${mark} spice-cloud: deployment ${mdCell(d.id)} of ${mdCell(app.name)} ${mdCell(outcome)}\n\n${mdTable(rows)}\n`;
}
