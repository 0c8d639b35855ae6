import type { Command } from 'commander';
import type { Verb } from '../../cli.js';

export function registerKeys(_program: Command, _verb: Verb): void {}
