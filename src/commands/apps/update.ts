import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { UpdateAppInput } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { readAll, readInput } from '../../io.js';
import { appArgument, resolveApp, type AppRef } from '../shared/app.js';
import { regionId } from '../../api/resources.js';
import { keyValues, oneOf, str } from '../shared/parse.js';
import { showApp } from './get.js';
import { hasSizing, needsCurrent, parseSizing, sizingBody, type Sizing } from './sizing.js';

export const UPDATE_CHANNELS = ['stable', 'preview', 'nightly', 'internal', 'internal-sandbox'] as const;
/** The API's request body limit. */
export const MAX_SPICEPOD_BYTES = 1024 * 1024;

export interface UpdateOptions {
  /** undefined: SPICE_APP, then the linked app. */
  app: AppRef | undefined;
  /** Fields sent as given (spicepod and tags are added in `run`). */
  patch: UpdateAppInput;
  tags?: Record<string, string> | undefined;
  untag: string[];
  spicepodFile?: string | undefined;
  sizing: Sizing;
}

function nonEmpty(v: unknown, flag: string): string | undefined {
  const s = str(v);
  if (s !== undefined && s.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return s;
}

export function parse(raw: RawInput): UpdateOptions {
  const o = raw.opts;
  const app = appArgument(raw.args[0], raw.env);
  if (o.imageTag !== undefined && o.clearImageTag) throw new UsageError('--image-tag and --clear-image-tag cannot be used together');
  const tags = keyValues(o.tag, '--tag');
  const untag = ((o.untag as string[] | undefined) ?? []).map((k) => nonEmpty(k, '--untag')!);
  const both = untag.find((k) => tags && k in tags);
  if (both !== undefined) throw new UsageError(`tag ${JSON.stringify(both)} is given to both --tag and --untag`);

  const entries: Array<[keyof UpdateAppInput, unknown]> = [
    ['description', str(o.description)],
    ['visibility', oneOf(o.visibility, '--visibility', ['public', 'private'] as const)],
    ['production_branch', nonEmpty(o.productionBranch, '--production-branch')],
    ['image_tag', o.clearImageTag ? null : nonEmpty(o.imageTag, '--image-tag')],
    ['image', nonEmpty(o.image, '--image')],
    ['registry', nonEmpty(o.registry, '--registry')],
    ['update_channel', oneOf(o.updateChannel, '--update-channel', UPDATE_CHANNELS)],
    ['region', nonEmpty(o.region, '--region') && regionId(String(o.region))],
    ['cluster_name', nonEmpty(o.cluster, '--cluster')],
    ['node_group', nonEmpty(o.nodeGroup, '--node-group')],
  ];
  const sizing = parseSizing(o);
  const patch = Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as UpdateAppInput;
  const spicepodFile = nonEmpty(o.spicepod, '--spicepod');
  if (Object.keys(patch).length === 0 && !tags && untag.length === 0 && spicepodFile === undefined && !hasSizing(sizing)) {
    throw new UsageError('nothing to update: give at least one field flag', 'See `spice-cloud apps update --help` for the flags.');
  }
  return { app, patch, tags, untag, spicepodFile, sizing };
}

export async function run(opts: UpdateOptions, ctx: Context): Promise<void> {
  // The file is read and checked before anything is sent.
  const patch: UpdateAppInput = { ...opts.patch };
  if (opts.spicepodFile !== undefined) patch.spicepod = await readSpicepod(ctx, opts.spicepodFile);

  const { id, name } = await resolveApp(ctx, opts.app, { announce: true });
  const api = await ctx.api();
  // Tags, resources and executor are replaced as a whole by the API: merge into the current ones.
  const current = opts.tags || opts.untag.length > 0 || needsCurrent(opts.sizing) ? await api.apps.get(id) : undefined;
  Object.assign(patch, sizingBody(opts.sizing, current?.config));
  if (current && (opts.tags || opts.untag.length > 0)) {
    const tags: Record<string, string> = { ...(current.tags ?? {}), ...opts.tags };
    for (const k of opts.untag) {
      if (k in tags) delete tags[k];
      else ctx.out.warn(`app ${current.name} has no tag ${JSON.stringify(k)}`);
    }
    patch.tags = tags;
  }
  const updated = await api.apps.update(id, patch);
  if (updated.warning) ctx.out.warn(updated.warning);
  await showApp(ctx, updated);
  ctx.out.success(`Updated app ${updated.name ?? name}`);
}

/** A YAML or JSON file (or `-` for stdin) whose top level is a mapping, at most 1 MiB. */
async function readSpicepod(ctx: Context, file: string): Promise<Record<string, unknown>> {
  const label = file === '-' ? 'stdin' : file;
  let text: string;
  try {
    if (file === '-') {
      text = await readStdin(ctx);
    } else {
      text = (await readInput(resolve(ctx.cwd, file), MAX_SPICEPOD_BYTES, ctx.signal)).toString('utf8');
    }
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`--spicepod ${label} is larger than 1 MiB`);
    if (e instanceof CliError) throw e;
    throw new UsageError(`cannot read --spicepod ${label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new UsageError(`--spicepod ${label} is not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UsageError(`--spicepod ${label} must contain a mapping at the top level (e.g. \`version: v1\`)`);
  }
  return doc as Record<string, unknown>;
}

async function readStdin(ctx: Context): Promise<string> {
  if (ctx.io.isStdinTTY) throw new UsageError('--spicepod - reads stdin, but stdin is a terminal; pipe the file in');
  return (await readAll(ctx.io.stdin, MAX_SPICEPOD_BYTES, ctx.signal)).toString('utf8');
}
