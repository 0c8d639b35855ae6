/** The GitHub Actions step summary of `secrets import`: counts and names by outcome, never a value. */
import { mdCell, mdTable } from '../../ci/github.js';
import { nameList } from './batch.js';
import type { Outcome } from './import.js';

export function importSummary(outcomes: readonly Outcome[], app: string, source: string): string {
  const names = (keep: (o: Outcome) => boolean) => outcomes.filter(keep).map((o) => o.name);
  const created = names((o) => o.ok && o.action === 'create');
  const updated = names((o) => o.ok && o.action === 'update');
  const deleted = names((o) => o.ok && o.action === 'delete');
  const failed = names((o) => o.started && !o.ok);
  const notDone = names((o) => !o.started);
  const cell = (list: string[]) => (list.length === 0 ? '0' : `${list.length}: ${nameList(list, 50)}`);
  const rows: Array<[string, unknown]> = [
    ['Created', cell(created)],
    ['Updated', cell(updated)],
  ];
  if (deleted.length > 0 || outcomes.some((o) => o.action === 'delete')) rows.push(['Deleted', cell(deleted)]);
  rows.push(['Failed', cell(failed)]);
  if (notDone.length > 0) rows.push(['Not attempted', cell(notDone)]);
  const mark = failed.length === 0 && notDone.length === 0 ? '✅' : '❌';
  return `### ${mark} spice-cloud: secrets import from ${mdCell(source)} to ${mdCell(app)}\n\n${mdTable(rows)}\n`;
}
