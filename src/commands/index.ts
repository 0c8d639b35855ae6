/** Every noun of the command tree, in the order `--help` lists them. */
import type { Command } from 'commander';
import type { Verb } from '../cli.js';
import { registerApps } from './apps/index.js';

export const NOUNS: Array<(program: Command, verb: Verb) => void> = [registerApps];
