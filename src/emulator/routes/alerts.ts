/**
 * Projects-era monitoring: project monitors, data reactions and cluster monitors. Plain
 * CRUD with the documented defaults and limits (20 per project, ≤3 targets, one per
 * type). HTTP target tokens are write-only: only their sha256 is kept.
 */
import { randomUUID } from 'node:crypto';
import { addAppRoute, appParam, type Ctx, type Handler, type RouteAdder } from '../context.js';
import { ApiError } from '../errors.js';
import { bodyObject, isObject, json } from '../http.js';
import { CLUSTERS } from '../seed.js';
import { sha256, type AlertRecord } from '../state.js';
import { Fields } from '../validate.js';

const MAX_ALERTS = 20;
const SPEC_DEFAULTS = { window: '5m', sustainSecs: 300, severity: 'critical' };

type Kind = AlertRecord['kind'];

function ownerOf(ctx: Ctx): string {
  const cluster = ctx.params['clusterId'];
  if (cluster !== undefined) {
    if (!CLUSTERS.some((c) => c.cluster_name === cluster)) throw new ApiError(404, `Cluster '${cluster}' not found`);
    return `cluster:${cluster}`;
  }
  return `project:${ctx.store.app(appParam(ctx)).id}`;
}

function view(a: AlertRecord): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    status: a.status,
    // The spec types template_id as a plain string: omitted when unset.
    ...(a.template_id !== null ? { template_id: a.template_id } : {}),
    spec: structuredClone(a.spec),
    // Write-only token: never echoed back.
    targets: a.targets.map(({ token_sha256: _t, ...rest }) => structuredClone(rest)),
    recipient_user_ids: [...a.recipient_user_ids],
    last_fired_at: null,
    last_resolved_at: null,
    evaluation_unavailable_reason: null,
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
}

/** Validates the writable fields; on create `name` is required and defaults apply. */
function readAlert(body: Record<string, unknown>, creating: boolean): Partial<AlertRecord> {
  const f = new Fields(body);
  const out: Partial<AlertRecord> = {};
  const name = f.string('name', { required: creating, min: 1, max: 100 });
  if (name) out.name = name;
  const description = f.string('description', { nullable: true });
  if (description !== undefined) out.description = description;
  const status = f.string('status', { enum: ['active', 'disabled'] });
  if (status) out.status = status as AlertRecord['status'];
  const template = f.string(body['templateId'] !== undefined ? 'templateId' : 'template_id', { nullable: true });
  if (template !== undefined) out.template_id = template;

  const spec = f.object('spec');
  if (spec) {
    const sf = new Fields(spec);
    sf.string('op', { enum: ['GT', 'GEQ', 'LT', 'LEQ', 'EQ', 'NEQ'] });
    sf.number('threshold');
    sf.string('window', { enum: ['1m', '5m', '15m', '30m', '1h'] });
    sf.int('sustainSecs', { min: 0, max: 86_400 });
    sf.string('severity', { enum: ['warn', 'critical'] });
    sf.bool('includeDetails');
    for (const [k, msgs] of Object.entries(sf.errors)) for (const m of msgs) f.add(`spec.${k}`, m);
    out.spec = { ...SPEC_DEFAULTS, ...spec };
  } else if (creating) {
    out.spec = { ...SPEC_DEFAULTS };
  }

  let targets = body['targets'];
  if (targets === undefined && body['target'] !== undefined) targets = [body['target']];
  if (targets !== undefined) {
    if (!Array.isArray(targets) || targets.length > 3 || !targets.every(isObject)) {
      f.add('targets', 'Expected at most 3 target objects');
    } else {
      const types = targets.map((t) => t['type']);
      if (new Set(types).size !== types.length) f.add('targets', 'At most one target per type');
      out.targets = targets.map((t, i) => {
        const tf = new Fields(t);
        tf.string('type', { required: true, enum: ['email', 'slack', 'http'] });
        tf.stringArray('emails');
        if (Array.isArray(t['emails']) && t['emails'].length > 20) tf.add('emails', 'At most 20 emails');
        tf.string('channelId');
        tf.string('url');
        tf.string('method', { enum: ['POST', 'PUT', 'PATCH'] });
        const token = tf.string('token');
        for (const [k, msgs] of Object.entries(tf.errors)) for (const m of msgs) f.add(`targets.${i}.${k}`, m);
        const { token: _drop, ...rest } = t;
        return token ? { ...rest, token_sha256: sha256(token) } : rest;
      });
    }
  } else if (creating) {
    out.targets = [];
  }
  const recipients = body['recipientUserIds'];
  if (recipients !== undefined) {
    if (!Array.isArray(recipients) || !recipients.every((x) => Number.isInteger(x))) f.add('recipientUserIds', 'Expected an array of user ids');
    else out.recipient_user_ids = recipients as number[];
  }
  f.done();
  return out;
}

function handlers(kind: Kind): Record<'list' | 'create' | 'get' | 'update' | 'remove', Handler> {
  const label = kind === 'monitors' ? 'Monitor' : 'Data reaction';
  const inScope = (ctx: Ctx, owner: string) => ctx.store.data.alerts.filter((a) => a.kind === kind && a.owner === owner);
  const find = (ctx: Ctx): AlertRecord => {
    const owner = ownerOf(ctx);
    const id = ctx.params['alertId'];
    const a = inScope(ctx, owner).find((x) => x.id === id);
    if (!a) throw new ApiError(404, `${label} ${id} not found`);
    return a;
  };
  const clash = (ctx: Ctx, owner: string, name: string, self?: AlertRecord) => {
    if (inScope(ctx, owner).some((a) => a !== self && a.name.toLowerCase() === name.toLowerCase())) {
      throw new ApiError(409, `${label} named "${name}" already exists`);
    }
  };
  return {
    list: (ctx) => json(200, { [kind]: inScope(ctx, ownerOf(ctx)).map(view) }),
    create: (ctx) => {
      const owner = ownerOf(ctx);
      const fields = readAlert(bodyObject(ctx.json()), true);
      clash(ctx, owner, fields.name ?? '');
      if (inScope(ctx, owner).length >= MAX_ALERTS) throw new ApiError(409, `At most ${MAX_ALERTS} alerts per project`);
      const now = ctx.store.iso();
      const a: AlertRecord = {
        id: randomUUID(),
        kind,
        owner,
        name: fields.name ?? '',
        description: fields.description ?? null,
        status: fields.status ?? 'active',
        template_id: fields.template_id ?? null,
        spec: fields.spec ?? { ...SPEC_DEFAULTS },
        targets: fields.targets ?? [],
        recipient_user_ids: fields.recipient_user_ids ?? [],
        created_at: now,
        updated_at: now,
      };
      ctx.store.data.alerts.push(a);
      ctx.store.changed();
      return json(201, view(a));
    },
    get: (ctx) => json(200, view(find(ctx))),
    update: (ctx) => {
      const a = find(ctx);
      const fields = readAlert(bodyObject(ctx.json()), false);
      if (fields.name) clash(ctx, a.owner, fields.name, a);
      if (fields.spec) fields.spec = { ...a.spec, ...fields.spec };
      Object.assign(a, fields, { updated_at: ctx.store.iso() });
      ctx.store.changed();
      return json(200, view(a));
    },
    remove: (ctx) => {
      const a = find(ctx);
      ctx.store.data.alerts = ctx.store.data.alerts.filter((x) => x !== a);
      ctx.store.changed();
      return json(200, { ok: true });
    },
  };
}

export function registerAlertRoutes(add: RouteAdder): void {
  const table: Array<[Kind, (method: string, suffix: string, h: Handler) => void]> = [
    ['monitors', (m, s, h) => addAppRoute(add, m, `/monitors${s}`, h)],
    ['reactions', (m, s, h) => addAppRoute(add, m, `/reactions${s}`, h)],
    ['monitors', (m, s, h) => add(m, `/v1/clusters/{clusterId}/monitors${s}`, h)],
  ];
  for (const [kind, reg] of table) {
    const h = handlers(kind);
    reg('GET', '', h.list);
    reg('POST', '', h.create);
    reg('GET', '/{alertId}', h.get);
    reg('PATCH', '/{alertId}', h.update);
    reg('DELETE', '/{alertId}', h.remove);
  }
}
