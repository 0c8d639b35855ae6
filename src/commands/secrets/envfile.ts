/**
 * Reading secrets files for `secrets import`: `.env` or a flat JSON object of strings.
 *
 * The `.env` parser is strict where dotenv is lenient: dotenv (18.x) skips malformed
 * lines without a word, treats any `#` in an unquoted value as a comment (`p#ss` → `p`)
 * and decodes only `\n`/`\r` in double quotes. Each of those silently stores a wrong
 * value, so this module reads the format itself and stops at the first problem with
 * its line number. Grammar:
 *
 *   [export ]NAME=value      spaces around `=` allowed; blank lines and `# comments` skipped
 *   NAME=unquoted value # c  trimmed; ` #` (whitespace then #) starts a comment
 *   NAME='single'            literal, may span lines
 *   NAME=`backquoted`        literal, may span lines
 *   NAME="double"            \n \r \t \" \\ decoded (other backslashes kept), may span lines
 *
 * Error messages name lines and secret names, never a value.
 */
import { UsageError } from '../../errors.js';
import { SECRET_NAME } from '../shared/parse.js';
import { checkValue } from './value.js';
import { jsonErrorLine } from '../../json-error.js';

export interface SecretEntry {
  name: string;
  value: string;
  /** 1-based line of the assignment (0 for JSON input). */
  line: number;
}

export const MAX_FILE_BYTES = 1024 * 1024;

const NAME_RULE = 'names start with a letter or underscore and contain only letters, digits and underscores';

/** Bytes of a secrets file (or stdin) → entries; every rule checked before any request. */
export function parseSecretsFile(bytes: Buffer, label: string, jsonByName = false): SecretEntry[] {
  if (bytes.length > MAX_FILE_BYTES) throw new UsageError(`${label} is larger than 1 MiB`);
  if (bytes.includes(0)) throw new UsageError(`${label} looks like a binary file (it contains NUL bytes)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a leading BOM
  } catch {
    throw new UsageError(`${label} is not valid UTF-8 text`);
  }
  const json = jsonByName || text.trimStart().startsWith('{');
  const entries = json ? parseJsonSecrets(text, label) : parseDotenv(text, label);
  if (entries.length === 0) throw new UsageError(`${label} defines no secrets`);
  return entries;
}

/** The `.env` format (see the module comment). */
export function parseDotenv(text: string, label = '.env'): SecretEntry[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const entries: SecretEntry[] = [];
  const fail = (line: number, what: string) => new UsageError(`${label}: line ${line}: ${what}`);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const head = /^[ \t]*(?:export[ \t]+)?([^=\s]*)[ \t]*=/.exec(line);
    if (!head || head[1] === '') throw fail(lineNo, 'expected NAME=value');
    const name = head[1]!;
    if (!SECRET_NAME.test(name) || name.length > 256) throw fail(lineNo, `invalid secret name: ${NAME_RULE}`);
    const rest = line.slice(head[0].length);
    const quote = rest.trimStart()[0];
    let value: string;
    if (quote === '"' || quote === "'" || quote === '`') {
      const q = readQuoted(lines, i, rest.trimStart(), quote);
      if (!q) throw fail(lineNo, `unterminated ${QUOTE_NAMES[quote]} value: no closing ${quote}`);
      if (!/^[ \t\r]*(#.*)?$/.test(q.after)) throw fail(q.endLine + 1, 'unexpected text after the closing quote (quote the whole value)');
      value = quote === '"' ? unescapeDouble(q.body) : q.body;
      i = q.endLine;
    } else {
      value = unquoted(rest);
    }
    const problem = checkValue(value);
    if (problem) throw fail(lineNo, `${name} ${problem}`);
    entries.push({ name, value, line: lineNo });
  }
  rejectDuplicates(entries, (e, first) => fail(e.line, `${e.name} is defined twice (first on line ${first.line})`));
  return entries;
}

const QUOTE_NAMES: Record<string, string> = { '"': 'double-quoted', "'": 'single-quoted', '`': 'backquoted' };

/** Finds the closing quote, reading further lines if needed. `start` begins with the quote. */
function readQuoted(lines: string[], from: number, start: string, quote: string): { body: string; after: string; endLine: number } | undefined {
  let text = start.slice(1);
  for (let end = from; ; ) {
    const close = closingQuote(text, quote);
    if (close >= 0) return { body: text.slice(0, close), after: text.slice(close + 1), endLine: end };
    if (++end >= lines.length) return undefined;
    text += `\n${lines[end]}`;
  }
}

function closingQuote(text: string, quote: string): number {
  if (quote !== '"') return text.indexOf(quote);
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescapeDouble(body: string): string {
  return body.replace(/\\([nrt"\\])/g, (_, c: string) => ESCAPES[c]!);
}

/** An unquoted value: up to a ` #` comment, surrounding blanks trimmed. */
function unquoted(rest: string): string {
  const comment = /[ \t]#/.exec(rest);
  const raw = comment ? rest.slice(0, comment.index) : rest;
  return raw.replace(/^[ \t]+|[ \t\r]+$/g, '');
}

/** `{"NAME": "value", ...}`: values must be strings; names are checked like `.env` names. */
export function parseJsonSecrets(text: string, label = 'JSON'): SecretEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${label} is not valid JSON${jsonErrorLine(text, e)}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`${label}: expected a JSON object such as {"NAME": "value"}`);
  }
  const entries: SecretEntry[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (!SECRET_NAME.test(name) || name.length > 256) {
      throw new UsageError(`${label}: invalid secret name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}: ${NAME_RULE}`);
    }
    if (typeof value !== 'string') throw new UsageError(`${label}: the value of ${name} must be a string (it is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})`);
    const problem = checkValue(value);
    if (problem) throw new UsageError(`${label}: ${name} ${problem}`);
    entries.push({ name, value, line: 0 });
  }
  const keys = topLevelKeys(text);
  if (keys.length !== entries.length) {
    const seen = new Set<string>();
    const dup = keys.find((k) => (seen.has(k) ? true : (seen.add(k), false)));
    throw new UsageError(`${label}: ${dup ?? 'a name'} is defined twice`);
  }
  return entries;
}

/**
 * JSON.parse keeps the last of duplicate keys silently. Once every value is known to be
 * a string, the object is flat and its string tokens alternate key, value, key, value…
 */
function topLevelKeys(text: string): string[] {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"/gs) ?? [];
  return tokens.filter((_, i) => i % 2 === 0).map((t) => JSON.parse(t) as string);
}

function rejectDuplicates(entries: SecretEntry[], error: (dup: SecretEntry, first: SecretEntry) => Error): void {
  const first = new Map<string, SecretEntry>();
  for (const e of entries) {
    const prev = first.get(e.name);
    if (prev) throw error(e, prev);
    first.set(e.name, e);
  }
}
