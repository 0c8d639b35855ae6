/**
 * `auth login --web`: the browser login of the Rust `spice` CLI. We pick a short code,
 * print the URL and the code on stderr, open a browser only on a desktop session, and
 * poll `POST /auth/token/exchange {code}` once a second (202 = not yet) for at most five
 * minutes (or --timeout). Over SSH the URL is opened on any other machine; without a
 * terminal it fails at once, since nobody could follow the URL.
 */
import { randomInt } from 'node:crypto';
import { deriveOAuthUrl } from '../../config/auth.js';
import type { Context } from '../../context.js';
import { AuthError, InputRequiredError, InterruptedError, TimeoutError } from '../../errors.js';
import { whyNotInteractive } from '../shared/confirm.js';
import { isTransient } from '../deployments/wait.js';
import { candidateApi } from './candidate.js';

export const WEB_LOGIN_MS = 5 * 60_000;
const POLL_MS = 1_000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 8 characters A–Z0–9, as the Rust CLI's codes. */
export function loginCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[random(ALPHABET.length)];
  return code;
}

/** A desktop session that can show a browser: macOS, or an X11/Wayland display, and not over SSH. */
export function isDesktop(ctx: Context): boolean {
  if (ctx.env.SSH_CONNECTION || ctx.env.SSH_TTY) return false;
  return ctx.platform === 'darwin' || ctx.platform === 'win32' || Boolean(ctx.env.DISPLAY || ctx.env.WAYLAND_DISPLAY);
}

export function requireTerminal(ctx: Context): void {
  if (!ctx.canPrompt) {
    throw new InputRequiredError(
      `a browser login needs a terminal, but ${whyNotInteractive(ctx)}`,
      'Pipe a token instead: echo "$TOKEN" | spice-cloud auth login --with-token   (or set SPICE_API_TOKEN)',
    );
  }
}

/** Runs the flow; resolves with the token the browser approved. */
export async function webLogin(ctx: Context, endpoint: { apiUrl: string; org: string | undefined }): Promise<string> {
  requireTerminal(ctx);
  const code = loginCode();
  const web = new URL(ctx.env.SPICE_OAUTH_URL || deriveOAuthUrl(endpoint.apiUrl)).origin;
  const url = new URL('/auth/token', web);
  url.searchParams.set('code', code);
  if (endpoint.org) url.searchParams.set('org_name', endpoint.org);

  ctx.out.info(`To log in, open this URL in a browser:\n\n  ${url.toString()}\n\nand check that it shows the code ${ctx.errStyle.bold(code)}.`);
  if (isDesktop(ctx) && (await ctx.openUrl(url.toString()))) ctx.out.info('(A browser window was opened for you.)');

  const budget = ctx.globals.timeoutMs ?? WEB_LOGIN_MS;
  const deadline = ctx.clock.now() + budget;
  // No token yet: the exchange is anonymous, on the web host.
  const api = await candidateApi(ctx, { token: '', apiUrl: endpoint.apiUrl, org: undefined }, { web: true, deadline: deadline + 30_000 });
  const progress = await ctx.progress('Waiting for the browser…');
  try {
    for (;;) {
      let result;
      try {
        result = await api.web.exchange(code);
      } catch (e) {
        if (e instanceof InterruptedError || ctx.signal.aborted) throw cancelled();
        if (!isTransient(e)) throw e;
        result = { kind: 'pending' as const };
      }
      if (result.kind === 'token') {
        ctx.redactor.add(result.token);
        return result.token;
      }
      if (result.kind === 'denied') throw new AuthError('the browser login was denied; nothing was stored', { code: 'access_denied' });
      const left = deadline - ctx.clock.now();
      if (left <= 0) {
        throw new TimeoutError(`the browser login was not approved within ${Math.round(budget / 1000)}s; nothing was stored`, {
          hint: 'Run `spice-cloud auth login --web` again, or paste a token with `spice-cloud auth login`.',
        });
      }
      try {
        await ctx.clock.sleep(Math.min(POLL_MS, left), ctx.signal);
      } catch {
        throw cancelled();
      }
    }
  } finally {
    progress.stop();
  }
}

const cancelled = () => new InterruptedError('browser login cancelled; nothing was stored');
