/**
 * The browser/device login of the Rust `spice` CLI, emulated (reference/real-clients.md):
 *
 *   GET  /auth/token?code=<8 chars A-Z0-9>   the page a browser opens; records the code
 *   POST /auth/token/exchange {code}         202 while pending; 200 {access_token, access_denied}
 *   GET  /api/spice-cli/auth                 the identity of a bearer token (whoami)
 *
 * The CLI picks the code. A person approves it in the browser; here an admin route does:
 * `POST /__emulator/device {code, approve?: false}` (GET lists the pending codes). An
 * approved code yields one session token (all scopes, in memory only), then is forgotten.
 */
import { ApiError } from './errors.js';
import { isObject, json, type Reply } from './http.js';
import type { Principal } from './auth.js';
import { DIRECTORY, ORG_NAME, OWNER_EMAIL } from './seed.js';

const CODE = /^[A-Z0-9]{8}$/;

type State = 'pending' | 'approved' | 'denied';

export class DeviceFlow {
  private readonly codes = new Map<string, State>();

  constructor(private readonly issueSessionToken: () => string) {}

  private code(v: unknown): string {
    if (typeof v !== 'string' || !CODE.test(v)) throw new ApiError(400, 'code must be 8 characters A-Z or 0-9', 'invalid_code');
    return v;
  }

  /** The page the browser opens. */
  page(query: URLSearchParams): Reply {
    const code = this.code(query.get('code') ?? undefined);
    if (!this.codes.has(code)) this.codes.set(code, 'pending');
    const html = `<!DOCTYPE html><html><head><title>spice-cloud emulator login</title></head><body><h1>Log in to the spice-cloud emulator</h1><p>Code <b>${code}</b> is waiting. The emulator has no users to sign in: approve it with <code>POST /__emulator/device {"code":"${code}"}</code>.</p></body></html>\n`;
    return { status: 200, raw: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
  }

  exchange(body: unknown): Reply {
    const code = this.code(isObject(body) ? body['code'] : undefined);
    const state = this.codes.get(code);
    if (state === 'approved') {
      this.codes.delete(code);
      return json(200, { access_token: this.issueSessionToken(), access_denied: false }, { 'cache-control': 'no-store' });
    }
    if (state === 'denied') {
      this.codes.delete(code);
      return json(200, { access_token: null, access_denied: true });
    }
    // Polling may start before the browser opened the page.
    this.codes.set(code, 'pending');
    return { status: 202 };
  }

  pending(): string[] {
    return [...this.codes].filter(([, s]) => s === 'pending').map(([c]) => c);
  }

  /** Admin: approve (default) or deny a pending code. */
  decide(body: unknown): Reply {
    const code = this.code(isObject(body) ? body['code'] : undefined);
    if (this.codes.get(code) !== 'pending') throw new ApiError(404, `No pending login with code ${code}`);
    const approve = !(isObject(body) && body['approve'] === false);
    this.codes.set(code, approve ? 'approved' : 'denied');
    return json(200, { code, status: approve ? 'approved' : 'denied' });
  }
}

/** `GET /api/spice-cli/auth`: who the token is. Tokens act as the owner; OAuth clients as themselves. */
export function identity(p: Principal): Reply {
  const scopes = [...p.scopes].sort();
  if (p.kind === 'oauth') return json(200, { username: null, email: null, client_id: p.subject, org: { name: ORG_NAME }, scopes });
  const user = DIRECTORY.find((u) => u.email === OWNER_EMAIL);
  return json(200, { username: user?.username ?? null, email: OWNER_EMAIL, org: { name: ORG_NAME }, scopes });
}
