import { describe, expect, it } from 'vitest';
import { parseParams, scalar } from '../../../../src/commands/sql/params.js';
import { scriptStatements, splitStatements } from '../../../../src/commands/sql/statements.js';
import { isReadOnly, paramsEnvelope } from '../../../../src/runtime/sql.js';

describe('--param', () => {
  it('positional values become $1, $2… typed as JSON scalars', () => {
    expect(parseParams(['42', 'active', 'true', 'null', '4.5', '"42"', '9007199254740993'])).toEqual([42, 'active', true, null, 4.5, '42', 9007199254740993n]);
  });

  it('name=value pairs are named', () => {
    expect(parseParams(['id=42', 'status=a=b'])).toEqual({ id: 42, status: 'a=b' });
  });

  it('refuses a mix and a repeated name', () => {
    expect(() => parseParams(['id=1', '2'])).toThrow(/not a mix/);
    expect(() => parseParams(['id=1', 'id=2'])).toThrow(/twice/);
    expect(parseParams([])).toBeUndefined();
  });

  it('keeps text that only looks like JSON', () => {
    expect(scalar('"unterminated')).toBe('"unterminated');
    expect(scalar(' 7 ')).toBe(7);
  });

  it('writes the HTTP envelope with exact big integers', () => {
    expect(paramsEnvelope('SELECT $1, $2', [9007199254740993n, 'x'])).toBe('{"sql":"SELECT $1, $2","parameters":[9007199254740993,"x"]}');
    expect(paramsEnvelope('SELECT $id', { id: 1 })).toBe('{"sql":"SELECT $id","parameters":{"id":1}}');
  });
});

describe('statements', () => {
  it('splits at ; outside quotes and comments', () => {
    expect(splitStatements("SELECT ';' AS a; -- c;\nSELECT \"x;y\" /* ; */ FROM t;\nSELECT 3")).toEqual({
      statements: ["SELECT ';' AS a", '-- c;\nSELECT "x;y" /* ; */ FROM t'],
      rest: '\nSELECT 3',
    });
  });

  it('a script runs each statement; a transaction is sent whole', () => {
    expect(scriptStatements('SELECT 1;\nSELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(scriptStatements('BEGIN; INSERT INTO t VALUES (1); COMMIT;')).toEqual(['BEGIN; INSERT INTO t VALUES (1); COMMIT;']);
    expect(scriptStatements('-- only a comment\n')).toEqual([]);
  });

  it('only read-only statements count as safe to retry', () => {
    expect(isReadOnly('  -- why\nSELECT 1')).toBe(true);
    expect(isReadOnly('WITH x AS (SELECT 1) SELECT * FROM x')).toBe(true);
    expect(isReadOnly('INSERT INTO t VALUES (1)')).toBe(false);
    expect(isReadOnly("SELECT 1; DROP TABLE t")).toBe(false);
    expect(isReadOnly("SELECT ';' AS x")).toBe(true);
  });
});
