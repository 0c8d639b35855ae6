/**
 * Where a JSON text stopped parsing, without quoting it. V8's SyntaxError messages quote
 * a slice of the input (`Unexpected token 'o', ..."{"token":tok_SECRETS"...`), and the
 * files parsed here hold tokens and secret values: messages name the line only.
 */
export function jsonErrorLine(text: string, e: unknown): string {
  const pos = /at position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
  return pos === undefined ? '' : ` (line ${text.slice(0, Number(pos)).split('\n').length})`;
}
