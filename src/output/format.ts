/** The output formats a command can be asked for (`--format`); light, so main.ts can validate it at startup. */
export type OutputFormat = 'table' | 'tsv' | 'csv' | 'json' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'tsv', 'csv', 'json', 'ndjson'];
