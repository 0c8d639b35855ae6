import type { ContainerImage } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';
import { oneOf } from '../shared/parse.js';

export interface ListOptions {
  channel?: 'stable' | 'enterprise' | undefined;
}

type Row = ContainerImage & { isDefault: boolean };

export const IMAGE_COLUMNS: Column<Row>[] = [
  { header: 'Tag', get: (i) => i.tag },
  { header: 'Image', get: (i) => i.name, overflow: 'truncate' },
  { header: 'Channel', get: (i) => i.channel, priority: 1 },
  { header: 'Default', get: (i) => i.isDefault, kind: 'bool' },
];

export function parse(raw: RawInput): ListOptions {
  return { channel: oneOf(raw.opts.channel, '--channel', ['stable', 'enterprise'] as const) };
}

export async function run(opts: ListOptions, ctx: Context): Promise<void> {
  const { images, default: def } = await (await ctx.api()).meta.images(opts.channel);
  // The envelope names the default tag; mark it on the row so `jq 'select(.isDefault)'` works.
  const rows: Row[] = images.map((i) => ({ ...i, isDefault: (i as Partial<Row>).isDefault === true || (def !== undefined && i.tag === def) }));
  await ctx.out.list(rows, IMAGE_COLUMNS);
}
