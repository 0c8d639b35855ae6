/**
 * spice-cloud emulator: a stateful local stand-in for the Spice.ai Cloud Management API.
 * See docs/emulator.md. Public surface: startEmulator, parseFaultSpec, the option and
 * result types, FaultRule and EmulatorStateError.
 */
import { EmulatorServer } from './server.js';
import type { EmulatorOptions, RunningEmulator } from './types.js';

export type { EmulatorOptions, FaultAction, FaultRule, RequestLogEntry, RunningEmulator, RuntimeOptions } from './types.js';
export { EmulatorStateError } from './errors.js';
export { FaultRuleError, parseFaultSpec } from './faults.js';
export { DEFAULT_CLIENT, DEFAULT_TOKEN } from './server.js';

/**
 * Starts the emulator and resolves once it listens. Rejects with EmulatorStateError for
 * an unusable state file, TypeError/Error for bad options, or the listen error.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const emu = new EmulatorServer(opts);
  const port = await emu.listen(opts.port ?? 8787, host);
  // Bound to every interface: the URL to use from this machine is loopback (which the CLI accepts over http).
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const urlHost = reachable.includes(':') ? `[${reachable}]` : reachable;
  // The emulated runtime (data plane): loaded only here, when the emulator starts.
  let runtime: Awaited<ReturnType<typeof import('./runtime/index.js').startRuntime>> | null = null;
  if (opts.runtime !== false) {
    try {
      const { startRuntime } = await import('./runtime/index.js');
      runtime = await startRuntime({ store: emu.store, faults: emu.faults, log: (e) => emu.appendLog(e) }, host, opts.runtime ?? {});
    } catch (err) {
      await emu.close();
      throw err;
    }
    emu.setRuntimeUrl(runtime.url);
  }
  return {
    url: `http://${urlHost}:${port}`,
    port,
    token: opts.defaultToken ?? 'spice-emulator-token',
    runtime: runtime ? { url: runtime.url, port: runtime.port, flightAddress: runtime.flightAddress } : null,
    close: async () => {
      await runtime?.close();
      await emu.close();
    },
    requests: () => emu.log.map((e) => ({ ...e })),
    addFault: (rule) => emu.addFault(rule),
    clearFaults: () => emu.faults.clear(),
    snapshot: () => emu.snapshot(),
  };
}
