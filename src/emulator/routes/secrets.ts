/**
 * Secrets (values masked on every read) and runtime API keys.
 */
import { addAppRoute, appParam, type Ctx, type RouteAdder } from '../context.js';
import { ApiError, validationError } from '../errors.js';
import { bodyObject, json, noContent } from '../http.js';
import type { SecretRecord } from '../state.js';
import { newApiKey } from '../store.js';
import { Fields, page } from '../validate.js';

const SECRET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MASK = '********';

const secretView = (s: SecretRecord) => ({ id: s.id, name: s.name, value: MASK, created_at: s.created_at, updated_at: s.updated_at });

function listSecrets(ctx: Ctx) {
  const app = ctx.store.app(appParam(ctx));
  const secrets = ctx.store.data.secrets.filter((s) => s.app_id === app.id).map(secretView);
  return json(200, { secrets: page(ctx.query, secrets, ctx.env.strict) });
}

function findSecret(ctx: Ctx): SecretRecord {
  const app = ctx.store.app(appParam(ctx));
  const name = ctx.params['secretName'] ?? '';
  const s = ctx.store.data.secrets.find((x) => x.app_id === app.id && x.name === name);
  if (!s) throw new ApiError(404, `Secret "${name}" not found`);
  return s;
}

const getSecret = (ctx: Ctx) => json(200, secretView(findSecret(ctx)));

/** Upsert by name; 200 for both create and update (as documented). */
function upsertSecret(ctx: Ctx) {
  const store = ctx.store;
  const app = store.app(appParam(ctx));
  const f = new Fields(bodyObject(ctx.json()));
  const name = f.string('name', { required: true, pattern: SECRET_NAME_RE, patternMessage: 'Name must start with a letter or underscore and contain only letters, digits and underscores' });
  const value = f.string('value', { required: true, min: 1 });
  f.done();
  if (typeof name !== 'string' || typeof value !== 'string') throw new ApiError(400, 'Invalid request body');
  const now = store.iso();
  let s = store.data.secrets.find((x) => x.app_id === app.id && x.name === name);
  if (s) {
    s.value = value;
    s.updated_at = now;
  } else {
    s = { id: store.nextId('secret'), app_id: app.id, name, value, created_at: now, updated_at: now };
    store.data.secrets.push(s);
  }
  store.changed();
  return json(200, secretView(s));
}

function deleteSecret(ctx: Ctx) {
  const s = findSecret(ctx);
  ctx.store.data.secrets = ctx.store.data.secrets.filter((x) => x !== s);
  ctx.store.changed();
  return noContent();
}

function getApiKeys(ctx: Ctx) {
  const app = ctx.store.app(appParam(ctx));
  return json(200, { api_key: app.api_key, api_key_2: app.api_key_2 });
}

/** key_number 1 (default) = primary, 2 = secondary, 0 = both. Old keys die at once. */
function regenerateApiKey(ctx: Ctx) {
  const app = ctx.store.app(appParam(ctx));
  const body = bodyObject(ctx.json());
  const n = body['key_number'] === undefined ? 1 : body['key_number'];
  if (n !== 0 && n !== 1 && n !== 2) throw validationError({ key_number: ['Must be 0 (both), 1 (primary) or 2 (secondary)'] });
  if (n === 0 || n === 1) app.api_key = newApiKey();
  if (n === 0 || n === 2) app.api_key_2 = newApiKey();
  app.updated_at = ctx.store.iso();
  ctx.store.changed();
  return json(200, { api_key: app.api_key, api_key_2: app.api_key_2, regenerated_key: n });
}

export function registerSecretRoutes(add: RouteAdder): void {
  addAppRoute(add, 'GET', '/secrets', listSecrets);
  addAppRoute(add, 'POST', '/secrets', upsertSecret);
  addAppRoute(add, 'GET', '/secrets/{secretName}', getSecret);
  addAppRoute(add, 'DELETE', '/secrets/{secretName}', deleteSecret);
  addAppRoute(add, 'GET', '/api-keys', getApiKeys);
  addAppRoute(add, 'POST', '/api-keys', regenerateApiKey);
}
