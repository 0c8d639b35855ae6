import { Option, type Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { collect } from '../shared/parse.js';

export function registerEmulator(program: Command, verb: Verb): void {
  const cmd = program
    .command('emulator')
    .description('run a local, stateful emulator of the Management API and of the apps\' runtime (offline trials, CI dry-runs)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--admin-token <token>', 'require this token on the /__emulator admin routes (set it when binding beyond loopback)')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8787')
    .option('--state <file>', 'persist state to this JSON file (written atomically; survives restarts)')
    .option('--token <value[:scopes]>', 'accept an extra token, optionally limited to scopes (repeatable)', collect)
    .option('--client <id:secret[:scopes]>', 'accept an extra OAuth client (repeatable)', collect)
    .option('--queued <duration>', 'how long deployments stay queued', '1.5s')
    .option('--running <duration>', 'how long deployments stay in progress', '3s')
    .option('--rate-limit <n/s>', 'answer 429 above this many requests per second per token')
    .option('--latency <duration>', 'add this delay to every response')
    .option('--runtime-port <port>', 'port of the emulated runtime\'s HTTP API (0 = any free port)', '8090')
    .option('--flight-port <port>', 'port of the emulated runtime\'s Arrow Flight service (0 = any free port)', '50051')
    .option('--flight-tls-cert <file>', 'serve Arrow Flight over TLS with this certificate (PEM; with --flight-tls-key)')
    .option('--flight-tls-key <file>', 'private key (PEM) of --flight-tls-cert')
    .option('--no-runtime', 'do not start the emulated runtime (Management API only)')
    .option('--data-dir <dir>', 'directory that file: datasets are read from (default: the current directory)')
    .option('--cloud-limits', 'emulate the cloud gateway on HTTP SQL: at most 500 rows, 90 s per request')
    .option('--strict', 'behave as strictly as the real API most likely does: a create without cname/cluster_name is a Cloud Connect project (no endpoint), lists page at 20')
    .addOption(new Option('--fault <spec>', 'inject faults, e.g. "GET /v1/apps=503:count=2" (repeatable; see docs/emulator.md)').argParser(collect));
  examples(verb(cmd, () => import('./serve.js')), [
    'spice-cloud emulator',
    '# in another shell:',
    'export SPICE_API_URL=http://127.0.0.1:8787 SPICE_API_TOKEN=spice-emulator-token',
    'spice-cloud apps create demo-app --region us-east-1',
    '# CI dry-run with a persistent state file and a flaky API:',
    "spice-cloud emulator --port 0 --state .tmp/emulator.json --fault '*=503:prob=0.2' &",
    '# serve the examples/ spicepod\'s file: datasets, with the cloud\'s 500-row cap:',
    'spice-cloud emulator --data-dir examples --cloud-limits',
    '# Flight over TLS, for the official SDK (it sends its API key only over TLS):',
    'spice-cloud emulator --flight-tls-cert cert.pem --flight-tls-key key.pem',
  ]);
}
