/**
 * Admin routes under /__emulator/ (not logged, not rate limited, no faults; the admin
 * token when one is set; JSON bodies only; like every route, only for a Host naming this
 * machine, see shared/request.ts):
 *
 *   GET    /__emulator/requests   {requests: RequestLogEntry[]}
 *   DELETE /__emulator/requests   clear the log (204)
 *   GET    /__emulator/faults     {faults: FaultRule[]} (count = remaining uses)
 *   POST   /__emulator/faults     add a FaultRule (JSON) or {spec: "<compact spec>"} -> 201 {fault}
 *   DELETE /__emulator/faults     clear all rules (204)
 *   GET    /__emulator/state      the snapshot (secret values as sha256)
 *   GET    /__emulator/device     {pending: [codes]} of browser logins (device.ts)
 *   POST   /__emulator/device     {code, approve?: false} approves (or denies) a pending login
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.js';
import { FaultRuleError, parseFaultSpec, type FaultSet } from './faults.js';
import { isObject, json, noContent, parseJson, readBody, type Reply } from './http.js';
import { requireJson } from './shared/request.js';
import type { DeviceFlow } from './device.js';
import type { RequestLogEntry } from './types.js';

export interface AdminTarget {
  log: RequestLogEntry[];
  faults: FaultSet;
  snapshot(): unknown;
  device: DeviceFlow;
}

const ROUTES: Record<string, string[]> = {
  '/__emulator/requests': ['GET', 'DELETE'],
  '/__emulator/faults': ['GET', 'POST', 'DELETE'],
  '/__emulator/state': ['GET'],
  '/__emulator/device': ['GET', 'POST'],
};

export async function handleAdmin(req: IncomingMessage, method: string, path: string, t: AdminTarget): Promise<Reply> {
  const allowed = ROUTES[path];
  if (!allowed) throw new ApiError(404, 'Not found');
  if (!allowed.includes(method)) throw new ApiError(405, 'Method not allowed', undefined, undefined, { allow: allowed.join(', ') });
  switch (`${method} ${path}`) {
    case 'GET /__emulator/requests':
      return json(200, { requests: t.log.map((e) => ({ ...e })) });
    case 'DELETE /__emulator/requests':
      t.log.length = 0;
      return noContent();
    case 'GET /__emulator/faults':
      return json(200, { faults: t.faults.list() });
    case 'DELETE /__emulator/faults':
      t.faults.clear();
      return noContent();
    case 'GET /__emulator/state':
      return json(200, t.snapshot());
    case 'GET /__emulator/device':
      return json(200, { pending: t.device.pending() });
    case 'POST /__emulator/device': {
      const problem = requireJson(req);
      if (problem) throw new ApiError(problem.status, problem.message, problem.code);
      return t.device.decide(parseJson(await readBody(req)));
    }
    default: {
      // Only JSON: a web page cannot send it cross-origin without a preflight (never granted).
      const problem = requireJson(req);
      if (problem) throw new ApiError(problem.status, problem.message, problem.code);
      const body = parseJson(await readBody(req));
      try {
        const rule = isObject(body) && typeof body['spec'] === 'string' ? parseFaultSpec(body['spec']) : body;
        return json(201, { fault: t.faults.add(rule) });
      } catch (err) {
        if (err instanceof FaultRuleError) throw new ApiError(400, err.message);
        throw err;
      }
    }
  }
}
