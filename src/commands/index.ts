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
