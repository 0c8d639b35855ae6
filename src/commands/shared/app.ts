/**
 * App arguments: a numeric ID or a name (case-insensitive). Where no app is given, the
 * fallbacks are SPICE_APP, then the nearest `.spice/cloud.json` link file up the tree.
 */
import type { App } from '../../api/types.js';
import type { Context } from '../../context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { findLink } from './link-file.js';

export interface AppRef {
  /** As the user gave it, for messages. */
  text: string;
  id?: number;
  /** Set when the app came from SPICE_APP rather than the command line. */
  fromEnv?: boolean;
}

export function parseAppRef(text: string): AppRef {
  const t = text.trim();
  if (t === '') throw new UsageError('the app must not be empty');
  if (/^\d+$/.test(t)) {
    const id = Number(t);
    if (!Number.isSafeInteger(id) || id < 1) throw new UsageError(`invalid app ID ${t}`);
    return { text: t, id };
  }
  // Names are 4–38 letters, digits and hyphens: refuse anything else before a request.
  if (!/^[A-Za-z0-9-]{1,64}$/.test(t)) {
    throw new UsageError(`invalid app name ${JSON.stringify(t)}: app names contain only letters, digits and hyphens`);
  }
  return { text: t };
}

/** The --app flag, else SPICE_APP; undefined leaves the link file to `resolveApp`. */
export function appFromFlagOrEnv(flag: unknown, env: Context['env']): AppRef | undefined {
  if (typeof flag === 'string') return parseAppRef(flag);
  if (env.SPICE_APP) return parseAppRef(env.SPICE_APP);
  return undefined;
}

/**
 * An optional `[app]` argument (`apps get`, `apps update`, `apps delete`): when omitted,
 * SPICE_APP, then the linked app. Resolve it with `{ announce: true }` so stderr says which.
 */
export function appArgument(arg: unknown, env: Context['env']): AppRef | undefined {
  if (typeof arg === 'string') return parseAppRef(arg);
  return env.SPICE_APP ? { ...parseAppRef(env.SPICE_APP), fromEnv: true } : undefined;
}

export interface ResolvedApp {
  id: number;
  name: string;
  app?: App;
  /** The ID came from the name → ID cache (config/app-ids.ts), not from a listing. */
  cached?: boolean;
}

/**
 * For reads addressed by name: resolves through the name → ID cache (no request when the
 * name is known), runs `fn`, and when the API answers 404 for a cached ID, forgets it,
 * resolves the name by listing and runs `fn` once more. Writes use `resolveApp`.
 */
export async function withApp<T>(ctx: Context, ref: AppRef | undefined, fn: (app: ResolvedApp) => Promise<T>, o: { announce?: boolean } = {}): Promise<T> {
  const app = await resolveApp(ctx, ref, { cache: true, announce: o.announce });
  try {
    return await fn(app);
  } catch (e) {
    if (!app.cached || !(e instanceof NotFoundError)) throw e;
    if (ref) {
      const ids = await appIds(ctx);
      ids.cache.forget(ids.scope, ref.text);
    }
    return fn(await resolveApp(ctx, ref)); // a link file: its app is looked up, and a gone one named as such
  }
}

/** A full listing (apps list) refreshes the name → ID cache for this API and org. */
export async function rememberApps(ctx: Context, apps: ReadonlyArray<{ id: number; name: string }>): Promise<void> {
  const ids = await appIds(ctx);
  ids.cache.remember(ids.scope, apps, true);
}

async function appIds(ctx: Context) {
  const [{ AppIdCache }, auth] = await Promise.all([import('../../config/app-ids.js'), ctx.auth()]);
  return { cache: new AppIdCache(ctx.appIdsDir), scope: { apiUrl: auth.apiUrl, org: auth.org } };
}

/** Turns a reference (or the link file) into an app ID, listing apps only for names (or, for reads, names the cache does not know). */
export async function resolveApp(ctx: Context, ref: AppRef | undefined, o: { cache?: boolean; announce?: boolean } = {}): Promise<ResolvedApp> {
  if (!ref) {
    const link = await findLink(ctx.cwd, { home: ctx.env.HOME, onIgnored: (path, why) => ctx.out.warn(`ignoring ${path}: ${why}`) });
    if (!link) {
      throw new UsageError(
        'no app given',
        `${o.announce ? 'Name the app' : 'Pass --app with the app\'s name or ID'} (see \`spice-cloud apps list\`), set SPICE_APP, or link this directory to one with \`spice-cloud link\`.`,
      );
    }
    // A read trusts the ID of a link file that passed findLink's ownership checks; the
    // command's own request checks it (withApp: a 404 comes back here without `cache`).
    if (o.cache) {
      if (o.announce && !ctx.out.jsonMode) ctx.out.info(`Using app ${link.data.app_name}, linked in ${link.path}.`);
      return { id: link.data.app_id, name: link.data.app_name, cached: true };
    }
    // Anything else names the app the API knows by that ID, not what the file says.
    let app: App;
    try {
      app = await (await ctx.api()).apps.get(link.data.app_id);
    } catch (e) {
      // The linked app is gone: say which link, and how to relink (not "App with ID 4 not found").
      if (!(e instanceof NotFoundError)) throw e;
      throw new NotFoundError(`app ${link.data.app_name} (ID ${link.data.app_id}), which this directory is linked to, no longer exists`, {
        status: e.status,
        hint: `The link is ${link.path}. Link to another app with \`spice-cloud link\` (it lists your apps), or remove the link with \`spice-cloud unlink\`.`,
      });
    }
    if (app.name.toLowerCase() !== link.data.app_name.toLowerCase()) {
      ctx.out.warn(`${link.path} names the app "${link.data.app_name}", but app ${app.id} is "${app.name}"; using app ${app.id} ("${app.name}")`);
    }
    if (o.announce && !ctx.out.jsonMode) ctx.out.info(`Using app ${app.name}, linked in ${link.path}.`);
    return { id: app.id, name: app.name, app };
  }
  if (o.announce && ref.fromEnv && !ctx.out.jsonMode) ctx.out.info(`Using app ${ref.text} from SPICE_APP.`);
  if (ref.id !== undefined) return { id: ref.id, name: ref.text };
  const ids = await appIds(ctx);
  if (o.cache) {
    const id = ids.cache.get(ids.scope, ref.text);
    if (id !== undefined) return { id, name: ref.text, cached: true };
  }
  const api = await ctx.api();
  const apps = await api.apps.list();
  ids.cache.remember(ids.scope, apps, true);
  const wanted = ref.text.toLowerCase();
  const app = apps.find((a) => a.name.toLowerCase() === wanted);
  if (app) return { id: app.id, name: app.name, app };
  const near = nearMatches(ref.text, apps.map((a) => a.name));
  throw new NotFoundError(`no app named "${ref.text}"`, {
    hint: near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : 'List your apps with `spice-cloud apps list`.',
  });
}

export function nearMatches(input: string, names: string[], max = 3): string[] {
  const a = input.toLowerCase();
  return names
    .map((n) => ({ n, d: levenshtein(a, n.toLowerCase()) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(n.length / 3)) || n.toLowerCase().includes(a) || a.includes(n.toLowerCase()))
    .sort((x, y) => x.d - y.d)
    .slice(0, max)
    .map(({ n }) => n);
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
