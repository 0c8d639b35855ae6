import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isTerminal, systemIO, type SystemStreams } from '../../src/io.js';

describe('systemIO', () => {
  it('does not build stderr until something writes to it', () => {
    let built = 0;
    const stderr = Object.assign(new PassThrough(), { isTTY: false });
    const streams = {
      stdin: new PassThrough(),
      stdout: Object.assign(new PassThrough(), { isTTY: false }),
      get stderr() {
        built++;
        return stderr;
      },
    } as unknown as SystemStreams;
    const io = systemIO(streams, {}, false);
    expect(io.columns).toBe(0);
    expect(built).toBe(0);
    expect(io.stderr).toBe(stderr);
    expect(built).toBe(1);
  });
});

describe('isTerminal', () => {
  it('is false for a file, /dev/null and a closed descriptor, without a stream on them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'io-')), 'f');
    writeFileSync(file, 'x');
    const fd = openSync(file, 'r');
    const devNull = openSync('/dev/null', 'r');
    try {
      expect(isTerminal(fd)).toBe(false);
      expect(isTerminal(devNull)).toBe(false);
    } finally {
      closeSync(fd);
      closeSync(devNull);
    }
    expect(isTerminal(fd)).toBe(false);
  });
});
