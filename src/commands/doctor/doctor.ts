/** `doctor`: checks the setup end to end and prints one row per check. */
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ExitCode, SilentExit } from '../../errors.js';
import { configCheck, credentialsCheck, keychainCheck, message, nodeCheck, proxyCheck, reachabilityChecks, versionCheck, type Check } from './checks.js';

export type DoctorOptions = Record<string, never>;

/** Doctor must answer quickly even when the network hangs; --timeout overrides. */
export const DOCTOR_BUDGET_MS = 20_000;

export function parse(_raw: RawInput): DoctorOptions {
  return {};
}

export async function run(_opts: DoctorOptions, ctx: Context): Promise<void> {
  const deadline = ctx.clock.now() + (ctx.globals.timeoutMs ?? DOCTOR_BUDGET_MS);
  const checks: Check[] = [versionCheck(ctx), nodeCheck(ctx), await configCheck(ctx), await keychainCheck(ctx)];
  let auth: Awaited<ReturnType<Context['auth']>> | undefined;
  try {
    auth = await ctx.auth();
  } catch (e) {
    checks.push(proxyCheck(ctx, undefined), { name: 'settings', status: 'fail', detail: message(e) });
  }
  if (auth) {
    checks.push(proxyCheck(ctx, auth.apiUrl));
    const reach = await reachabilityChecks(ctx, auth, deadline);
    checks.push(...reach.checks, await credentialsCheck(ctx, auth, deadline, reach.reachable));
  }
  print(checks, ctx);
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length === 0) return;
  throw new SilentExit(failed.every((c) => c.auth) ? ExitCode.auth : ExitCode.error);
}

function print(checks: Check[], ctx: Context): void {
  if (ctx.out.jsonMode) {
    ctx.out.json({
      ok: checks.every((c) => c.status !== 'fail'),
      checks: checks.map((c) => ({ name: c.name, ok: c.status !== 'fail', status: c.status, detail: c.detail })),
    });
    return;
  }
  const { style } = ctx;
  const mark = { pass: style.green('✓'), warn: style.yellow('!'), fail: style.red('✗') };
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) ctx.out.line(`${mark[c.status]} ${c.name.padEnd(width)}  ${c.detail}`);
}
