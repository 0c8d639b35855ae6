import type { RawInput } from '../../cli.js';
import { PRECEDENCE } from '../../config/auth.js';
import type { Context } from '../../context.js';
import { hangingWrap } from '../../output/fit.js';
import type { Column } from '../../output/writer.js';

export type EnvironmentOptions = Record<string, never>;

interface Variable {
  name: string;
  description: string;
}

export const VARIABLES: Variable[] = [
  { name: 'SPICE_API_TOKEN', description: 'API token (personal access token); wins over every other credential, and the config file is not read' },
  { name: 'SPICE_CLIENT_ID', description: 'OAuth client ID (machine credential, with SPICE_CLIENT_SECRET; set both or neither)' },
  { name: 'SPICE_CLIENT_SECRET', description: 'OAuth client secret; exchanged for short-lived access tokens, cached in the config file' },
  { name: 'SPICE_CLOUD_PAT', description: 'alias of SPICE_API_TOKEN (the Rust `spice cloud` CLI\'s name); SPICE_API_TOKEN wins' },
  { name: 'SPICE_CLOUD_CLIENT_ID', description: 'alias pair with SPICE_CLOUD_CLIENT_SECRET (Rust CLI); used when SPICE_CLIENT_ID/SECRET are not set' },
  { name: 'SPICE_CLOUD_CLIENT_SECRET', description: 'see SPICE_CLOUD_CLIENT_ID' },
  { name: 'SPICEAI_CLIENT_ID', description: 'alias pair with SPICEAI_CLIENT_SECRET (Terraform provider); after the SPICE_CLOUD_* pair' },
  { name: 'SPICEAI_CLIENT_SECRET', description: 'see SPICEAI_CLIENT_ID' },
  { name: 'SPICE_OAUTH_URL', description: 'OAuth token endpoint (default: derived from the API URL, https://spice.ai/api/oauth/token)' },
  { name: 'SPICE_API_URL', description: 'Management API URL (default https://api.spice.ai; --api-url wins); http only for localhost' },
  { name: 'SPICE_CLOUD_API_URL', description: 'alias of SPICE_API_URL (Rust CLI); SPICE_API_URL wins' },
  { name: 'SPICE_PROFILE', description: 'stored profile to use (default "default"; --profile wins)' },
  { name: 'SPICE_ORG', description: 'organization to act in, sent as X-Org-Name (--org wins)' },
  { name: 'SPICE_APP', description: 'app for per-app commands (--app wins; wins over a linked directory)' },
  { name: 'SPICE_RUNTIME_URL', description: "runtime (data plane) HTTP URL for sql, datasets, models, runtime (--endpoint wins; default: the app's endpoint)" },
  { name: 'SPICE_APP_API_KEY', description: "the runtime's API key; wins over SPICE_API_KEY and over fetching the app's key (never stored)" },
  { name: 'SPICE_API_KEY', description: 'the runtime API key under the official spice CLI\'s name (SPICE_APP_API_KEY wins)' },
  { name: 'SPICE_KEYRING', description: 'SPICE_KEYRING=file keeps tokens in the config file (mode 0600) instead of the OS keychain, like auth login --insecure-storage' },
  { name: 'SPICE_EMULATOR_ADMIN_TOKEN', description: 'emulator: require this token on the /__emulator admin routes, like --admin-token' },
  { name: 'SPICE_CONFIG_DIR', description: 'config directory (default $XDG_CONFIG_HOME/spice-cloud, else ~/.config/spice-cloud)' },
  { name: 'XDG_CONFIG_HOME', description: 'base of the default config directory' },
  { name: 'SPICE_NO_INPUT', description: 'never prompt, like --no-input: commands that need input exit 9' },
  { name: 'SPICE_TIMEOUT', description: 'overall time budget of a command, retries included, like --timeout (e.g. 30s, 2m; default 2m)' },
  { name: 'SPICE_HTTP_TIMEOUT', description: 'per-request timeout in seconds (default 30)' },
  { name: 'SPICE_DEBUG', description: 'SPICE_DEBUG=api traces HTTP requests on stderr with credentials redacted, like --verbose' },
  { name: 'NO_COLOR', description: 'disable colour when set to any non-empty value, like --no-color (empty: no effect)' },
  { name: 'COLUMNS', description: 'width that tables and help fit into (default: the terminal\'s width; 80 for help when piped)' },
  { name: 'FORCE_COLOR', description: 'colour even when output is piped (0 or false: off)' },
  { name: 'HTTPS_PROXY', description: 'proxy for https requests (https_proxy also read)' },
  { name: 'HTTP_PROXY', description: 'proxy for http requests (http_proxy also read)' },
  { name: 'NO_PROXY', description: 'hosts that bypass the proxy (no_proxy also read)' },
  { name: 'NODE_EXTRA_CA_CERTS', description: 'PEM file of extra CA certificates (e.g. a TLS-inspecting proxy)' },
  { name: 'GITHUB_ACTIONS', description: 'when "true" (GitHub Actions sets it), each failure also prints a ::error annotation on stderr' },
  { name: 'GITHUB_STEP_SUMMARY', description: 'deploy --wait, deployments watch and secrets import append a Markdown summary to this file' },
];

const COLUMNS: Column<Variable>[] = [
  { header: 'Variable', get: (v) => v.name },
  { header: 'Meaning', get: (v) => v.description, overflow: 'wrap' },
];

export function parse(_raw: RawInput): EnvironmentOptions {
  return {};
}

export async function run(_opts: EnvironmentOptions, ctx: Context): Promise<void> {
  if (ctx.out.jsonMode) {
    ctx.out.json({ variables: VARIABLES, precedence: PRECEDENCE.map(([what, order]) => ({ what, order })) });
    return;
  }
  await ctx.out.list(VARIABLES, COLUMNS);
  ctx.out.line('');
  ctx.out.line('Precedence (first wins):');
  const width = Math.max(...PRECEDENCE.map(([what]) => what.length));
  // On a terminal each rule wraps under itself; piped, one line each.
  const fit = ctx.io.isStdoutTTY ? ctx.out.width : 0;
  for (const [what, order] of PRECEDENCE) for (const l of hangingWrap(`  ${what.padEnd(width)}`, width + 2, order, fit)) ctx.out.line(l);
}
