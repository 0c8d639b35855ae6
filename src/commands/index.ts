/** Every noun of the command tree, in the order `--help` lists them. */
import type { Command } from 'commander';
import type { Verb } from '../cli.js';
import { registerApi } from './api/index.js';
import { registerApps } from './apps/index.js';
import { registerAuth } from './auth/index.js';
import { registerChat } from './chat/index.js';
import { registerCommands } from './commands/index.js';
import { registerCompletion } from './completion/index.js';
import { registerDeploy } from './deploy/index.js';
import { registerDeployments } from './deployments/index.js';
import { registerDoctor } from './doctor/index.js';
import { registerEmulator } from './emulator/index.js';
import { registerHealth } from './health/index.js';
import { registerHelp } from './help/index.js';
import { registerImages } from './images/index.js';
import { registerKeys } from './keys/index.js';
import { registerLink } from './link/index.js';
import { registerMembers } from './members/index.js';
import { registerOrgs } from './orgs/index.js';
import { registerNsql } from './nsql/index.js';
import { registerRegions } from './regions/index.js';
import { registerSearch } from './search/index.js';
import { registerSecrets } from './secrets/index.js';
import { registerDatasets } from './datasets/index.js';
import { registerSql } from './sql/index.js';
import { registerModels } from './models/index.js';
import { registerRuntime } from './runtime/index.js';

export const NOUNS: Array<(program: Command, verb: Verb) => void> = [
  registerAuth,
  registerApps,
  registerDeploy,
  registerDeployments,
  registerSecrets,
  registerKeys,
  registerMembers,
  registerOrgs,
  registerSql,
  registerDatasets,
  registerModels,
  registerRuntime,
  registerRegions,
  registerImages,
  registerSearch,
  registerChat,
  registerNsql,
  registerHealth,
  registerLink,
  registerApi,
  registerDoctor,
  registerCompletion,
  registerCommands,
  registerEmulator,
  registerHelp,
];

type Register = (program: Command, verb: Verb) => void;

/** Each noun by the name it registers (a unit test checks that the names match). */
export const NOUN_BY_NAME: ReadonlyMap<string, Register> = new Map<string, Register>([
  ['auth', registerAuth],
  ['apps', registerApps],
  ['deploy', registerDeploy],
  ['deployments', registerDeployments],
  ['secrets', registerSecrets],
  ['keys', registerKeys],
  ['members', registerMembers],
  ['orgs', registerOrgs],
  ['sql', registerSql],
  ['datasets', registerDatasets],
  ['models', registerModels],
  ['runtime', registerRuntime],
  ['regions', registerRegions],
  ['images', registerImages],
  ['search', registerSearch],
  ['chat', registerChat],
  ['nsql', registerNsql],
  ['health', registerHealth],
  ['link', registerLink],
  ['unlink', registerLink],
  ['api', registerApi],
  ['doctor', registerDoctor],
  ['emulator', registerEmulator],
]);

/** Global options that take a value: the word after them is not a command. */
const VALUE_OPTIONS = new Set(['--format', '--jq', '--fields', '--api-url', '--profile', '--org', '--timeout']);
/** Global options without a value that may come before the noun. */
const FLAG_OPTIONS = new Set(['--json', '--no-headers', '--verbose', '--no-color', '--no-input']);

/**
 * The nouns a command line needs. Building the whole tree (every noun, verb, option and
 * help text) is most of commander's cost at start, so a line that names one noun gets
 * only that noun: its help, its usage errors and its suggestions are the same, since
 * they never look beyond it. Anything else gets every noun: no noun (the root help,
 * `--version`), an unknown word (the suggestion lists every noun), the nouns that read
 * the whole tree (`help`, `commands`, `completion`, `__complete`), or an option before
 * the noun that is not a global one.
 */
export function nounsFor(argv: readonly string[]): Register[] {
  const at = nounAt(argv);
  return at === undefined ? NOUNS : [NOUN_BY_NAME.get(argv[at]!)!];
}

/**
 * The verb a command line names after its one noun (`list` in `apps list --json`), which
 * createProgram then builds alone among the noun's verbs; undefined when the line names
 * no single noun, or an option comes right after the noun.
 */
export function verbFor(argv: readonly string[]): string | undefined {
  const at = nounAt(argv);
  const word = at === undefined ? undefined : argv[at + 1];
  return word === undefined || word.startsWith('-') ? undefined : word;
}

/** Where the one noun a command line names is in it (nounsFor's rules), or undefined. */
function nounAt(argv: readonly string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word.startsWith('-')) {
      const name = word.split('=', 1)[0]!;
      if (VALUE_OPTIONS.has(name)) {
        if (!word.includes('=')) i++;
        continue;
      }
      if (FLAG_OPTIONS.has(word)) continue;
      return undefined;
    }
    return NOUN_BY_NAME.has(word) ? i : undefined;
  }
  return undefined;
}
