import type { Command } from 'commander';
import type { Verb } from '../../cli.js';

export function registerCompletion(_program: Command, _verb: Verb): void {}
