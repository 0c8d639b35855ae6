import type { Secret } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { SECRET_MASK } from '../../output/mask.js';
import type { Column } from '../../output/writer.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { secretName } from '../shared/parse.js';

export interface GetOptions {
  app: AppRef | undefined;
  name: string;
}

const FIELDS: Column<Secret>[] = [
  { header: 'Name', get: (s) => s.name },
  // Always the mask, whatever the API sent: values are write-only.
  { header: 'Value', get: () => SECRET_MASK, kind: 'secret' },
  { header: 'Updated', get: (s) => s.updated_at, kind: 'time' },
  { header: 'Created', get: (s) => s.created_at, kind: 'time' },
];

export function parse(raw: RawInput): GetOptions {
  return { app: appFromFlagOrEnv(raw.opts.app, raw.env), name: secretName(raw.args[0]) };
}

export async function run(opts: GetOptions, ctx: Context): Promise<void> {
  await withApp(ctx, opts.app, async (app) => {
    let secret: Secret;
    try {
      secret = await (await ctx.api()).secrets.get(app.id, opts.name);
    } catch (e) {
      if (e instanceof NotFoundError) e.hint = `List the secrets of app ${app.name} with \`spice-cloud secrets list --app ${app.name}\`.`;
      throw e;
    }
    await ctx.out.item(secret, FIELDS, { secretValues: true });
  });
}
