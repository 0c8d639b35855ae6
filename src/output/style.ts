/**
 * Colour, decided once per stream (see io.ts `wantsColor`). When colour is off no
 * escape code is ever produced, whatever chalk would have guessed.
 */
import type { ChalkInstance } from 'chalk';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** Colour a deployment status by meaning. */
  status(s: string): string;
}

const identity = (s: string) => s;
export const plainStyle: Style = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity, status: identity };

export async function makeStyle(enabled: boolean): Promise<Style> {
  if (!enabled) return plainStyle;
  const { Chalk } = await import('chalk');
  const c: ChalkInstance = new Chalk({ level: 1 });
  return {
    bold: (s) => c.bold(s),
    dim: (s) => c.dim(s),
    red: (s) => c.red(s),
    green: (s) => c.green(s),
    yellow: (s) => c.yellow(s),
    cyan: (s) => c.cyan(s),
    status: (s) => {
      switch (s) {
        case 'succeeded':
        case 'ok':
        case 'Ready': // runtime components, datasets, models
          return c.green(s);
        case 'failed':
        case 'Error':
          return c.red(s);
        case 'in_progress':
        case 'in progress':
        case 'Refreshing':
          return c.cyan(s);
        case 'queued':
        case 'Initializing':
          return c.yellow(s);
        default:
          return c.dim(s);
      }
    },
  };
}
