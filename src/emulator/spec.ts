/**
 * Loads the package's OpenAPI document (spec/openapi.json). The file is located by
 * walking up from this module to the first directory holding both package.json and
 * spec/openapi.json, so it works from src/ (vitest, tsx) and from a bundled dist/ file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SpecOperation {
  'x-scope'?: string;
  security?: unknown[];
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, SpecOperation>>;
  components?: {
    securitySchemes?: Record<string, { flows?: { clientCredentials?: { scopes?: Record<string, string> } } }>;
  };
}

let cached: { doc: OpenApiDoc; text: string } | undefined;

export function findSpecFile(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'spec', 'openapi.json');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`spec/openapi.json not found above ${from}`);
    dir = parent;
  }
}

/** The parsed document plus its serialised text (served verbatim by /v1/docs). */
export function loadSpec(): { doc: OpenApiDoc; text: string } {
  if (!cached) {
    const doc = JSON.parse(readFileSync(findSpecFile(), 'utf8')) as OpenApiDoc;
    cached = { doc, text: JSON.stringify(doc) };
  }
  return cached;
}

/**
 * Security of an operation: `security: []` means no auth; otherwise a bearer token
 * with the operation's `x-scope` (null when the spec documents none, e.g. /v1/limits).
 * `/v1/apps/...` and `/v1/projects/...` are aliases, so a route only the other prefix
 * documents (forks, resume, monitors) borrows that prefix's operation.
 */
export function operationSecurity(
  doc: OpenApiDoc,
  method: string,
  template: string,
): { kind: 'none' } | { kind: 'bearer'; scope: string | null } {
  const m = method.toLowerCase();
  const alias = template.startsWith('/v1/apps/{appId}')
    ? template.replace('/v1/apps/{appId}', '/v1/projects/{projectId}')
    : template.replace('/v1/projects/{projectId}', '/v1/apps/{appId}');
  const op = doc.paths[template]?.[m] ?? doc.paths[alias]?.[m];
  if (op && Array.isArray(op.security) && op.security.length === 0) return { kind: 'none' };
  return { kind: 'bearer', scope: op?.['x-scope'] ?? null };
}

/** Every scope name the spec's OAuth2 scheme lists ('*' included). */
export function knownScopes(doc: OpenApiDoc): string[] {
  const scopes = doc.components?.securitySchemes?.['OAuth2ClientCredentials']?.flows?.clientCredentials?.scopes;
  return scopes ? Object.keys(scopes) : ['*'];
}
