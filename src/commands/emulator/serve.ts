import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import { duration, intInRange, str } from '../shared/parse.js';

export interface ServeOptions {
  host: string;
  port: number;
  adminToken?: string | undefined;
  stateFile?: string | undefined;
  tokens: string[];
  clients: string[];
  queuedMs: number;
  runningMs: number;
  rateLimit?: number | undefined;
  latencyMs?: number | undefined;
  faults: string[];
  /** null: --no-runtime. */
  runtime: {
    port: number;
    flightPort: number;
    dataDir?: string | undefined;
    cloudLimits: boolean;
    /** PEM files for Flight over TLS (both or neither). */
    flightTls?: { cert: string; key: string } | undefined;
  } | null;
  strict: boolean;
}

/** `--queued 0` must be allowed (instant lifecycle), unlike the general duration rule. */
function durationOrZero(v: unknown, flag: string): number | undefined {
  return v === '0' || v === '0s' ? 0 : duration(v, flag);
}

export function parse(raw: RawInput): ServeOptions {
  const o = raw.opts;
  let rateLimit: number | undefined;
  if (o.rateLimit !== undefined) {
    const m = /^(\d+)(?:\/s)?$/.exec(String(o.rateLimit));
    if (!m || Number(m[1]) < 1) throw new UsageError(`invalid --rate-limit ${JSON.stringify(o.rateLimit)}: use requests per second, e.g. 10/s`);
    rateLimit = Number(m[1]);
  }
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const tlsCert = str(o.flightTlsCert);
  const tlsKey = str(o.flightTlsKey);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new UsageError(`${tlsCert === undefined ? '--flight-tls-key' : '--flight-tls-cert'} needs ${tlsCert === undefined ? '--flight-tls-cert' : '--flight-tls-key'} too`);
  }
  return {
    host: str(o.host) ?? '127.0.0.1',
    adminToken: str(o.adminToken) ?? str(raw.env.SPICE_EMULATOR_ADMIN_TOKEN),
    port: intInRange(o.port, '--port', 0, 65535) ?? 8787,
    stateFile: str(o.state),
    tokens: list(o.token),
    clients: list(o.client),
    queuedMs: durationOrZero(o.queued, '--queued') ?? 1500,
    runningMs: durationOrZero(o.running, '--running') ?? 3000,
    rateLimit,
    latencyMs: durationOrZero(o.latency, '--latency'),
    faults: list(o.fault),
    runtime:
      o.runtime === false
        ? null
        : {
            port: intInRange(o.runtimePort, '--runtime-port', 0, 65535) ?? 8090,
            flightPort: intInRange(o.flightPort, '--flight-port', 0, 65535) ?? 50051,
            dataDir: str(o.dataDir),
            cloudLimits: o.cloudLimits === true,
            flightTls: tlsCert !== undefined && tlsKey !== undefined ? { cert: tlsCert, key: tlsKey } : undefined,
          },
    strict: o.strict === true,
  };
}

export async function run(opts: ServeOptions, ctx: Context): Promise<void> {
  const { startEmulator, parseFaultSpec } = await import('../../emulator/index.js');
  let faults;
  try {
    faults = opts.faults.map((f) => parseFaultSpec(f));
  } catch (e) {
    throw new UsageError(`invalid --fault: ${(e as Error).message}`);
  }
  let flightTls: { cert: Buffer; key: Buffer } | undefined;
  if (opts.runtime?.flightTls) {
    const { cert, key } = opts.runtime.flightTls;
    const read = async (file: string, flag: string): Promise<Buffer> => {
      try {
        return await readFile(resolve(ctx.cwd, file));
      } catch (e) {
        throw new UsageError(`cannot read ${flag} ${JSON.stringify(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    };
    flightTls = { cert: await read(cert, '--flight-tls-cert'), key: await read(key, '--flight-tls-key') };
    try {
      createSecureContext(flightTls);
    } catch (e) {
      throw new UsageError(`--flight-tls-cert and --flight-tls-key are not a usable PEM certificate and key: ${(e as Error).message}`);
    }
  }
  let emulator;
  try {
    emulator = await startEmulator({
      host: opts.host,
      port: opts.port,
      adminToken: opts.adminToken,
      stateFile: opts.stateFile,
      tokens: opts.tokens,
      clients: opts.clients.length ? opts.clients : undefined,
      queuedMs: opts.queuedMs,
      runningMs: opts.runningMs,
      rateLimit: opts.rateLimit,
      latencyMs: opts.latencyMs,
      faults,
      runtime: opts.runtime
        ? { port: opts.runtime.port, flightPort: opts.runtime.flightPort, dataDir: opts.runtime.dataDir, cloudLimits: opts.runtime.cloudLimits, ...(flightTls ? { flightTls } : {}) }
        : false,
      strict: opts.strict,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { port?: number };
    if (err.code === 'EADDRINUSE') {
      const port = err.port ?? opts.port;
      const flag = port === opts.runtime?.port ? '--runtime-port' : port === opts.runtime?.flightPort ? '--flight-port' : '--port';
      throw new CliError(`port ${port} on ${opts.host} is already in use`, ExitCode.error, { hint: `Pass ${flag} 0 for any free port${flag === '--port' ? '' : ', or --no-runtime'}.` });
    }
    if (err.name === 'EmulatorStateError') throw new CliError(err.message, ExitCode.error, { code: 'state_error' });
    throw e;
  }
  ctx.out.line(`SPICE_API_URL=${emulator.url}`);
  ctx.out.line(`SPICE_API_TOKEN=${emulator.token}`);
  ctx.out.info(`spice-cloud emulator listening on ${emulator.url}${opts.stateFile ? ` (state: ${opts.stateFile})` : ' (state in memory)'}; Ctrl-C to stop`);
  if (emulator.runtime) {
    ctx.out.info(
      `emulated runtime: HTTP ${emulator.runtime.url}${emulator.runtime.flightAddress ? `, Flight ${emulator.runtime.flightAddress}` : ''}` +
        `${opts.runtime?.cloudLimits ? ' (cloud limits: 500 rows, 90 s)' : ''}; each app serves its last successful deployment (apps' endpoint points here)`,
    );
  }
  if (opts.adminToken) ctx.redactor.add(opts.adminToken);
  if (!/^(127\.|localhost$|::1$)/.test(opts.host)) {
    ctx.out.warn(`bound to ${opts.host}: anyone who can reach it can use the emulator's tokens`);
    if (!opts.adminToken) ctx.out.warn('the /__emulator admin routes (state, faults, request log) are exposed too: set --admin-token to protect them');
  }
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  ctx.out.info('emulator stopped');
}
