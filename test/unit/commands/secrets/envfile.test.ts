import { describe, expect, it } from 'vitest';
import { parseDotenv, parseJsonSecrets, parseSecretsFile } from '../../../../src/commands/secrets/envfile.js';
import { UsageError } from '../../../../src/errors.js';

const values = (text: string) => Object.fromEntries(parseDotenv(text).map((e) => [e.name, e.value]));

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseDotenv', () => {
  it('reads unquoted values, trimming blanks around them and around =', () => {
    expect(values('A=1\nB = two words  \n  C=\tx\t\n')).toEqual({ A: '1', B: 'two words', C: 'x' });
  });

  it('skips blank lines and full-line comments, and strips " #" comments after unquoted values', () => {
    expect(values('# header\n\n   # indented\nA=1 # one\nB=2\t# two\n')).toEqual({ A: '1', B: '2' });
  });

  it('keeps a # that is not preceded by whitespace (passwords, URL fragments)', () => {
    expect(values('A=p#ss\nB=https://x.test/#frag\nC=#leading\n')).toEqual({ A: 'p#ss', B: 'https://x.test/#frag', C: '#leading' });
  });

  it('takes single-quoted values literally', () => {
    expect(values(String.raw`A='a\nb "c" #d'`)).toEqual({ A: String.raw`a\nb "c" #d` });
  });

  it('decodes \\n \\t \\" \\\\ and \\r in double-quoted values and keeps other backslashes', () => {
    expect(values(String.raw`A="l1\nl2\tt \"q\" back\\slash \\n \$x \r"`)).toEqual({ A: 'l1\nl2\tt "q" back\\slash \\n \\$x \r' });
  });

  it('takes backquoted values literally, quotes inside included', () => {
    expect(values('A=`it\'s "fine" \\n`')).toEqual({ A: 'it\'s "fine" \\n' });
  });

  it('reads multi-line double-quoted values and keeps counting lines after them', () => {
    const entries = parseDotenv('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\n');
    expect(entries).toEqual([
      { name: 'KEY', value: '-----BEGIN-----\nabc\n-----END-----', line: 1 },
      { name: 'NEXT', value: '1', line: 4 },
    ]);
    expect(usageError(() => parseDotenv('KEY="a\nb"\nNEXT=1\nbad line\n')).message).toBe('.env: line 4: expected NAME=value');
  });

  it('accepts a comment after a closing quote', () => {
    expect(values('A="x y" # note\nB=\'z\'  \n')).toEqual({ A: 'x y', B: 'z' });
  });

  it('strips the export prefix but accepts a secret named export', () => {
    expect(values('export A=1\nexport\tB="2"\nexport=3\n')).toEqual({ A: '1', B: '2', export: '3' });
  });

  it('reads CRLF files, including multi-line values, without stray carriage returns', () => {
    expect(values('A=1\r\nB="x\r\ny"\r\nC=\'z\'\r\n')).toEqual({ A: '1', B: 'x\ny', C: 'z' });
  });

  it('reports the first malformed line with its number', () => {
    expect(usageError(() => parseDotenv('A=1\n\nnot an assignment\nB=2\n')).message).toBe('.env: line 3: expected NAME=value');
    expect(usageError(() => parseDotenv('=value\n')).message).toBe('.env: line 1: expected NAME=value');
    expect(usageError(() => parseDotenv('A B=1\n')).message).toBe('.env: line 1: expected NAME=value');
  });

  it('rejects invalid secret names by line, without echoing the line', () => {
    const e = usageError(() => parseDotenv('GOOD=1\na-b=secretish\n'));
    expect(e.message).toMatch(/^\.env: line 2: invalid secret name: /);
    expect(e.message).not.toContain('secretish');
    expect(usageError(() => parseDotenv('1A=x')).message).toMatch(/line 1: invalid secret name/);
    expect(usageError(() => parseDotenv(`${'A'.repeat(300)}=x`)).message).toMatch(/line 1: invalid secret name/);
  });

  it('rejects duplicate names, naming both lines', () => {
    expect(usageError(() => parseDotenv('A=1\nB=2\nA=3\n')).message).toBe('.env: line 3: A is defined twice (first on line 1)');
  });

  it('rejects empty values, quoted or not', () => {
    expect(usageError(() => parseDotenv('A=\n')).message).toBe('.env: line 1: A has an empty value');
    expect(usageError(() => parseDotenv('A=1\nB=""\n')).message).toBe('.env: line 2: B has an empty value');
    expect(usageError(() => parseDotenv('A= # only a comment\n')).message).toBe('.env: line 1: A has an empty value');
  });

  it('rejects an unterminated quote at the line where it opens', () => {
    expect(usageError(() => parseDotenv('A=1\nB="never closed\nC=3\n')).message).toBe('.env: line 2: unterminated double-quoted value: no closing "');
    expect(usageError(() => parseDotenv("A='x")).message).toBe(".env: line 1: unterminated single-quoted value: no closing '");
  });

  it('rejects text after a closing quote without echoing it', () => {
    const e = usageError(() => parseDotenv('A="abc"def\n'));
    expect(e.message).toBe('.env: line 1: unexpected text after the closing quote (quote the whole value)');
  });

  it('does not treat an escaped quote as the closing one', () => {
    expect(values('A="say \\"hi\\""\n')).toEqual({ A: 'say "hi"' });
  });

  it('rejects values over 64 KiB', () => {
    expect(usageError(() => parseDotenv(`A=${'x'.repeat(64 * 1024 + 1)}`)).message).toBe('.env: line 1: A has a value larger than 64 KiB');
    expect(values(`A=${'x'.repeat(64 * 1024)}`).A).toHaveLength(64 * 1024);
  });

  it('never lets __proto__ touch an object prototype', () => {
    const entries = parseDotenv('__proto__=x\n');
    expect(entries).toEqual([{ name: '__proto__', value: 'x', line: 1 }]);
  });
});

describe('parseJsonSecrets', () => {
  it('reads a flat object of strings in file order', () => {
    expect(parseJsonSecrets('{"B": "2", "A": "line\\nbreak"}')).toEqual([
      { name: 'B', value: '2', line: 0 },
      { name: 'A', value: 'line\nbreak', line: 0 },
    ]);
  });

  it('rejects non-string values, naming the key', () => {
    expect(usageError(() => parseJsonSecrets('{"A": 1}')).message).toBe('JSON: the value of A must be a string (it is number)');
    expect(usageError(() => parseJsonSecrets('{"A": {"x": "y"}}')).message).toBe('JSON: the value of A must be a string (it is object)');
    expect(usageError(() => parseJsonSecrets('{"A": null}')).message).toMatch(/it is null/);
  });

  it('rejects arrays and scalars', () => {
    expect(usageError(() => parseJsonSecrets('[{"A": "1"}]')).message).toMatch(/expected a JSON object/);
    expect(usageError(() => parseJsonSecrets('"x"')).message).toMatch(/expected a JSON object/);
  });

  it('rejects duplicate keys, which JSON.parse would silently collapse', () => {
    expect(usageError(() => parseJsonSecrets('{"A": "1", "B": "x\\"y", "A": "2"}')).message).toBe('JSON: A is defined twice');
  });

  it('rejects invalid names and empty values', () => {
    expect(usageError(() => parseJsonSecrets('{"a-b": "1"}')).message).toMatch(/invalid secret name "a-b"/);
    expect(usageError(() => parseJsonSecrets('{"A": ""}')).message).toBe('JSON: A has an empty value');
  });

  it('rejects lone surrogates, which are not valid UTF-8', () => {
    expect(usageError(() => parseJsonSecrets('{"A": "\\ud800"}')).message).toMatch(/A has a value that is not valid Unicode text/);
    expect(parseJsonSecrets('{"A": "\\ud83d\\ude00"}')[0]!.value).toBe('😀');
  });

  it('reports malformed JSON by line without quoting the input', () => {
    const e = usageError(() => parseJsonSecrets('{\n"A": "topsecretvalue",\n"B" x}', 'vault.json'));
    expect(e.message).toMatch(/^vault\.json is not valid JSON/);
    expect(e.message).not.toContain('topsecret');
  });
});

describe('parseSecretsFile', () => {
  it('detects JSON by extension or by a leading {', () => {
    expect(parseSecretsFile(Buffer.from('  {"A": "1"}'), 'x')).toEqual([{ name: 'A', value: '1', line: 0 }]);
    expect(() => parseSecretsFile(Buffer.from('A=1'), 'x.json', true)).toThrow(/x\.json is not valid JSON/);
    expect(parseSecretsFile(Buffer.from('A=1'), 'x')).toEqual([{ name: 'A', value: '1', line: 1 }]);
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(parseSecretsFile(Buffer.from('\uFEFFA=1'), 'x')[0]!.name).toBe('A');
  });

  it('refuses binary files, invalid UTF-8, files over 1 MiB and files without secrets', () => {
    expect(() => parseSecretsFile(Buffer.from('A=1\0'), 'f')).toThrow('f looks like a binary file (it contains NUL bytes)');
    expect(() => parseSecretsFile(Buffer.from([0x41, 0x3d, 0xff]), 'f')).toThrow('f is not valid UTF-8 text');
    expect(() => parseSecretsFile(Buffer.alloc(1024 * 1024 + 1, 0x23), 'f')).toThrow('f is larger than 1 MiB');
    expect(() => parseSecretsFile(Buffer.from('# nothing\n'), 'f')).toThrow('f defines no secrets');
  });
});
