/**
 * Property-based tests (fast-check) of everything that reads user or server input: the
 * .env and JSON import parsers, tags, durations, sizes, app and secret names, app IDs,
 * link files, the response validator, the writer's sanitising, the redactor (no secret
 * survives any transformation), the transport's redirect policy and the emulator's
 * request handling. Each property states what must hold for every input: a typed
 * result or a typed error, never a crash, a hang or a leak.
 *
 * CI runs a fixed seed (FUZZ_SEED, default 12) and FUZZ_RUNS (default 200) cases per
 * property; run longer locally with e.g. `FUZZ_RUNS=20000 FUZZ_SEED=$RANDOM npx vitest run test/fuzz`.
 * A failure prints the seed and the shrunk counterexample.
 */
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextHop, TransportError } from '../../src/api/transport.js';
import { checkJson } from '../../src/api/validate.js';
import { parseAppRef } from '../../src/commands/shared/app.js';
import { findLink } from '../../src/commands/shared/link-file.js';
import { appName, keyValues, parseByteSize, secretName } from '../../src/commands/shared/parse.js';
import { parseDotenv, parseJsonSecrets } from '../../src/commands/secrets/envfile.js';
import { CliError } from '../../src/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { globMatch } from '../../src/emulator/faults.js';
import { hostOf, parseTarget } from '../../src/emulator/shared/request.js';
import { Redactor } from '../../src/output/mask.js';
import { safeJson, safeLines, safeOutput, safeText } from '../../src/output/sanitize.js';
import { parseDuration } from '../../src/output/time.js';

const SEED = Number(process.env.FUZZ_SEED ?? 12);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const params = { seed: SEED, numRuns: RUNS };
const asyncParams = { seed: SEED, numRuns: Math.max(20, Math.floor(RUNS / 4)) };

/** Strings heavy in the characters that break things: controls, quotes, backslashes, whitespace, 8-bit CSI. */
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u001b', '\u009b', '\r', '\n', '\t', '\b', '"', "'", '\\', ' ', '=', '#', '$', '{', '}', '[', ']', '%', '/', '\u0000', '\u2028'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 60,
});

/** Only our own CliErrors (typed, with an exit code) may escape a parser. */
function typedOrOk(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    expect(e.message).not.toContain('\n');
  }
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('user input parsers', () => {
  it('.env and JSON import files: entries or a typed error, never a crash', () => {
    fc.assert(fc.property(nasty, (text) => typedOrOk(() => parseDotenv(text))), params);
    fc.assert(fc.property(fc.oneof(nasty, fc.json()), (text) => typedOrOk(() => parseJsonSecrets(text))), params);
  });

  it('a .env file written from random pairs reads back the same values', () => {
    const key = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/);
    const value = fc.string({ minLength: 1, maxLength: 40 }).filter((v) => !/[\r\n]/.test(v) && !v.includes("'") && v.trim() === v && !/\p{Cs}/u.test(v));
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), (pairs) => {
        const text = Object.entries(pairs).map(([k, v]) => `${k}='${v}'`).join('\n');
        const got = Object.fromEntries(parseDotenv(text).map((e) => [e.name, e.value]));
        expect(got).toEqual(pairs);
      }),
      params,
    );
  });

  it('tags, durations, sizes, app and secret names, app IDs: a value or a typed error', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        typedOrOk(() => keyValues([s], '--tag'));
        typedOrOk(() => appName(s));
        typedOrOk(() => secretName(s));
        typedOrOk(() => parseAppRef(s));
        const d = parseDuration(s);
        expect(d === undefined || (Number.isFinite(d) && d >= 0)).toBe(true);
        const n = parseByteSize(s);
        expect(n === undefined || (Number.isSafeInteger(n) && n >= 1)).toBe(true);
      }),
      params,
    );
  });

  it('link files: any content is a link or a ConfigError, never a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spice-fuzz-link-'));
    mkdirSync(join(dir, '.spice'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(nasty, fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), async (content) => {
        writeFileSync(join(dir, '.spice', 'cloud.json'), content);
        try {
          const link = await findLink(dir, { home: dir });
          if (link) expect(Number.isSafeInteger(link.data.app_id)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(CliError);
        }
      }),
      asyncParams,
    );
  });
});

describe('server data', () => {
  it('the response validator never throws and accepts only sane JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        expect(checkJson(v)).toBeUndefined();
      }),
      params,
    );
    fc.assert(fc.property(fc.anything(), (v) => void checkJson(v)), params);
  });

  it('the writer: no raw control character in any human output; --json round-trips', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        expect(safeText(s)).not.toMatch(RAW_CONTROL);
        expect(safeLines(s)).not.toMatch(RAW_CONTROL_BUT_LINES);
        expect(safeOutput(s, false)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/);
        expect(safeOutput(s, true).replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/);
        const json = safeJson(JSON.stringify({ s }));
        expect(json).not.toMatch(RAW_CONTROL);
        expect(JSON.parse(json)).toEqual({ s });
      }),
      params,
    );
  });

  it('the redirect policy: a next hop or a TransportError, never credentials to another origin', () => {
    const location = fc.oneof(nasty, fc.webUrl(), fc.constantFrom('http://[', '//evil.test/x', 'http://127.0.0.1/x', 'https://api.test/y'));
    fc.assert(
      fc.property(location, fc.constantFrom(301, 302, 303, 307, 308), fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), fc.boolean(), (loc, status, method, auth) => {
        const from = new URL('https://api.test/v1/apps');
        const headers: Record<string, string> = auth ? { authorization: 'Bearer t' } : {};
        const req = { method, headers, body: method === 'GET' ? undefined : '{}', signal: new AbortController().signal };
        try {
          const hop = nextHop(req, status, from, loc);
          expect(hop.url.protocol).toBe('https:');
          if (hop.url.origin !== from.origin) {
            expect(hop.req.headers.authorization).toBeUndefined();
            expect(hop.req.body).toBeUndefined();
          }
          if (method !== 'GET') expect([307, 308]).toContain(status);
        } catch (e) {
          expect(e).toBeInstanceOf(TransportError);
        }
      }),
      params,
    );
  });
});

describe('the redactor', () => {
  const secret = fc
    .string({ minLength: 4, maxLength: 30, unit: fc.oneof(fc.constantFrom(' ', '\n', '\t', '"', '\\', '\u001b'), fc.string({ minLength: 1, maxLength: 1 })) })
    .filter((s) => s.replace(/\s+/g, ' ').trim().length >= 6 && !'[REDACTED]'.includes(s.trim()));
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  const transforms: Array<[string, (s: string) => string]> = [
    ['as is', (s) => s],
    ['JSON-escaped', (s) => JSON.stringify(s).slice(1, -1)],
    ['whitespace-collapsed', collapse],
    ['terminal-escaped', safeText],
    ['JSON-escaped then collapsed', (s) => collapse(JSON.stringify(s))],
  ];

  it('no secret survives any transformation of the text it is in', () => {
    fc.assert(
      fc.property(secret, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (s, before, after) => {
        const r = new Redactor();
        r.add(s);
        for (const [, t] of transforms) {
          const out = r.redact(t(`${before} ${s} ${after}`));
          for (const [, form] of transforms) {
            const f = form(s);
            if (f.length >= 6) expect(out, `${JSON.stringify(s)} as ${JSON.stringify(f)}`).not.toContain(f);
          }
        }
      }),
      params,
    );
  });

  it('cut never leaves part of a secret: what remains is a prefix of the redacted text', () => {
    fc.assert(
      fc.property(secret, fc.string({ maxLength: 40 }), fc.integer({ min: 1, max: 80 }), (s, pad, max) => {
        const r = new Redactor();
        r.add(s);
        const text = `${pad}${s}${pad}`;
        const out = r.cut(text, max).replace(/… \(\d+ characters\)$/, '');
        expect(r.redact(text).startsWith(out)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 0) + 0);
      }),
      params,
    );
  });
});

describe('the emulator', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0, runtime: false });
  });
  afterAll(async () => emu?.close());

  it('request targets, Host headers and glob patterns: no input throws or hangs', () => {
    fc.assert(
      fc.property(nasty, nasty, (a, b) => {
        void parseTarget(a);
        void hostOf(a);
        const started = Date.now();
        void globMatch(`/${a}`, `/${b}`);
        expect(Date.now() - started).toBeLessThan(500);
      }),
      params,
    );
  });

  function raw(bytes: string): Promise<string> {
    return new Promise((resolve) => {
      const sock = connect(emu.port, '127.0.0.1');
      let got = '';
      const done = () => {
        sock.destroy();
        resolve(got);
      };
      sock.on('data', (c) => (got += c.toString('latin1')));
      sock.on('end', done);
      sock.on('error', done);
      setTimeout(done, 1000);
      sock.end(bytes, 'latin1');
    });
  }

  it('random request lines, headers and bodies never crash it', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'BREW');
    const path = fc.oneof(nasty.map((s) => `/${s.replace(/[\s]/g, '')}`), fc.constantFrom('/v1/apps', '/v1/apps/1/secrets', '/__emulator/faults', '/api/oauth/token'));
    const header = fc.tuple(fc.stringMatching(/^[a-z-]{1,12}$/), nasty.map((s) => s.replace(/[\r\n]/g, '')));
    await fc.assert(
      fc.asyncProperty(method, path, fc.array(header, { maxLength: 4 }), fc.oneof(nasty, fc.json()), async (m, p, headers, body) => {
        const lines = [`${m} ${p} HTTP/1.1`, 'host: 127.0.0.1', `authorization: Bearer ${emu.token}`, 'content-type: application/json', ...headers.map(([k, v]) => `${k}: ${v}`), `content-length: ${Buffer.byteLength(body, 'latin1')}`, 'connection: close'];
        await raw(`${lines.join('\r\n')}\r\n\r\n${body}`);
      }),
      asyncParams,
    );
    const health = await fetch(`${emu.url}/v1/health`);
    expect(health.status).toBe(200);
  }, 60_000);
});
