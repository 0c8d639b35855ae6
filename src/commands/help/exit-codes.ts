import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { EXIT_CODE_TABLE } from '../../errors.js';
import type { Column } from '../../output/writer.js';

export type ExitCodesOptions = Record<string, never>;

interface Row {
  code: number;
  meaning: string;
}

const COLUMNS: Column<Row>[] = [
  { header: 'Code', get: (r) => r.code },
  { header: 'Meaning', get: (r) => r.meaning, overflow: 'wrap' },
];

export function parse(_raw: RawInput): ExitCodesOptions {
  return {};
}

export async function run(_opts: ExitCodesOptions, ctx: Context): Promise<void> {
  await ctx.out.list(
    EXIT_CODE_TABLE.map(([code, meaning]) => ({ code, meaning })),
    COLUMNS,
  );
}
