import type { RawInput } from '../../cli.js';
import { assertSafeTransport, DEFAULT_API_URL, envClient, envToken, profileName, resolveEndpoint } from '../../config/auth.js';
import type { Profile } from '../../config/store.js';
import type { Context } from '../../context.js';
import { AuthError, CliError, ConfigError, InputRequiredError, UsageError } from '../../errors.js';
import { readAll } from '../../io.js';
import { maskKey } from '../../output/mask.js';
import { whyNotInteractive } from '../shared/confirm.js';
import { candidateApi } from './candidate.js';
import { requireTerminal, webLogin } from './web.js';
import { checkToken, describeAccess, type TokenCheck } from './verify.js';

export interface LoginOptions {
  withToken: boolean;
  /** The browser login (Rust CLI's flow), see web.ts. */
  web?: boolean;
  /** --insecure-storage: keep the token in the 0600 config file instead of the OS keychain. */
  insecureStorage?: boolean;
}

const TOKEN_PAGE = 'https://spice.ai/account/tokens';
const MAX_TOKEN_BYTES = 64 * 1024;

export function parse(raw: RawInput): LoginOptions {
  if (raw.opts.withToken === true && raw.opts.web === true) throw new UsageError('--with-token and --web cannot be combined: pick one way to get the token');
  return { withToken: raw.opts.withToken === true, web: raw.opts.web === true, insecureStorage: raw.opts.insecureStorage === true };
}

export async function run(opts: LoginOptions, ctx: Context): Promise<void> {
  // Everything that can fail without the token fails before we ask for it.
  if (opts.web) requireTerminal(ctx);
  else if (!opts.withToken && !ctx.canPrompt) {
    throw new InputRequiredError(
      `an API token is needed, but ${whyNotInteractive(ctx)}: pass it on stdin with --with-token`,
      'echo "$TOKEN" | spice-cloud auth login --with-token   (or set SPICE_API_TOKEN and skip login)',
    );
  }
  const store = await ctx.config();
  const name = profileName(ctx.globals, ctx.env);
  const endpoint = resolveEndpoint(ctx.globals, ctx.env, store.getProfile(name) ?? {});
  assertSafeTransport(endpoint.apiUrl);

  const token = opts.web ? await webLogin(ctx, endpoint) : await readToken(opts, ctx);
  let check: TokenCheck;
  try {
    check = await checkToken(await candidateApi(ctx, { token, apiUrl: endpoint.apiUrl, org: endpoint.org }));
  } catch (e) {
    if (e instanceof AuthError) {
      throw new AuthError(`the API at ${endpoint.apiUrl} rejected the token; nothing was stored (${e.message})`, {
        status: e.status,
        code: e.code,
        hint:
          e.code === 'org_forbidden'
            ? `The token cannot act in org "${endpoint.org}"; check --org or SPICE_ORG.`
            : e.status === 401 || !e.hint
              ? `Check that the token is complete and not expired or revoked; create one at ${TOKEN_PAGE}.`
              : e.hint,
      });
    }
    if (e instanceof CliError) throw new CliError(`could not check the token, so it was not stored: ${e.message}`, e.exitCode, { status: e.status, code: e.code, hint: e.hint });
    throw e;
  }

  const org = endpoint.org ?? (check.orgs?.length === 1 ? check.orgs[0]!.name : undefined);
  // The OS keychain by default; the 0600 file when asked (--insecure-storage) or when there is none.
  const storage = await storeToken(ctx, name, token, opts.insecureStorage === true);
  const profile: Profile = storage.kind === 'keychain' ? { tokenStorage: 'keychain' } : { token };
  if (endpoint.apiUrl !== DEFAULT_API_URL) profile.apiUrl = endpoint.apiUrl;
  if (org) profile.org = org;
  try {
    store.setProfile(name, profile);
  } catch (e) {
    throw new ConfigError(`cannot write ${store.path}: ${(e as Error).message}`, 'Check the permissions of the config directory, or set SPICE_CONFIG_DIR.');
  }
  if (storage.kind === 'file' && storage.reason && !store.noticeShown('keychain-unavailable')) {
    ctx.out.warn(`no OS keychain available (${storage.reason}): the token is stored in ${store.path} (mode 0600) instead`);
    try {
      store.markNoticeShown('keychain-unavailable');
    } catch {
      /* shown again next time */
    }
  }

  const where = storage.kind === 'keychain' ? `the OS keychain (${storage.backend})` : `${store.path} (readable only by you)`;
  if (ctx.out.jsonMode) {
    ctx.out.json({ profile: name, api_url: endpoint.apiUrl, org: org ?? null, orgs: check.orgs, ...(check.unchecked ? { unchecked: check.unchecked } : {}), token, store_path: store.path, token_storage: storage.kind });
  } else {
    ctx.out.success(`Logged in to ${endpoint.apiUrl} as profile "${name}"${org ? ` (org ${org})` : ''}.`);
    if (check.unchecked?.length) ctx.out.warn(describeAccess(check));
    else ctx.out.info(describeAccess(check));
    ctx.out.info(`Token ${maskKey(token)} saved in ${where}.`);
  }
  warnShadowed(ctx, 'takes precedence over the stored token; unset it to use this login', 'take precedence over the stored token; unset them to use this login');
}

async function readToken(opts: LoginOptions, ctx: Context): Promise<string> {
  if (opts.withToken) {
    if (ctx.io.isStdinTTY) ctx.out.info('Paste the token, then press Enter and Ctrl-D:');
    let buf: Buffer;
    try {
      buf = await readAll(ctx.io.stdin, MAX_TOKEN_BYTES, ctx.signal);
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(`the input on stdin is larger than ${MAX_TOKEN_BYTES / 1024} KiB: pipe only the token`);
      throw e;
    }
    return validToken(buf.toString('utf8'), 'on stdin');
  }
  ctx.out.info(`Paste a personal access token (create one at ${TOKEN_PAGE}).`);
  // An empty answer (Enter pressed too early) asks again; Ctrl-C still stops.
  for (;;) {
    const answer = await ctx.prompter.password('API token:');
    if (answer.trim() !== '') return validToken(answer, 'entered');
    ctx.out.warn('the token must not be empty; paste it, or press Ctrl-C to stop');
  }
}

/** Surrounding whitespace (a trailing newline from echo) is dropped; never echoes the value. */
function validToken(raw: string, where: string): string {
  const token = raw.trim();
  if (token === '') throw new UsageError(`no token ${where}: the token must not be empty`);
  if (/\s/.test(token)) throw new UsageError(`the token ${where} contains whitespace: pass exactly one token`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError(`the token ${where} contains characters that cannot be sent in a header`);
  return token;
}

/** Environment credentials win over a stored token: say so after login/logout. */
export function warnShadowed(ctx: Context, one: string, pair: string): void {
  const t = envToken(ctx.env);
  const c = t ? undefined : envClient(ctx.env, false);
  if (t) ctx.out.warn(`${t.name} is set and ${one}.`);
  else if (c) ctx.out.warn(`${c.names.join('/')} are set and ${pair}.`);
}

type Storage = { kind: 'keychain'; backend: string } | { kind: 'file'; reason?: string };

/** Puts the token in the OS keychain unless told not to; says why when it cannot. */
async function storeToken(ctx: Context, profile: string, token: string, insecure: boolean): Promise<Storage> {
  if (insecure) return { kind: 'file' };
  const { openKeychain, tokenAccount } = await import('../../config/keychain.js');
  const probe = await openKeychain(ctx.env);
  if (!probe.ok) return { kind: 'file', reason: probe.reason };
  try {
    await probe.keychain.set(tokenAccount(profile), token);
    return { kind: 'keychain', backend: probe.keychain.name };
  } catch (e) {
    return { kind: 'file', reason: (e as Error).message };
  }
}
