import type { Command } from 'commander';
import type { Verb } from '../../cli.js';

export function registerHealth(_program: Command, _verb: Verb): void {}
