import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/config/atomic.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'spice-atomic-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole, with the mode given, and leaves no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    writeFileAtomic(file, '{"new":true}\n', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('replaces a symlink itself, never the file it points at', () => {
    const dir = tempDir();
    const target = join(dir, 'victim.txt');
    writeFileSync(target, 'do not touch');
    symlinkSync(target, join(dir, 'config.json'));
    writeFileAtomic(join(dir, 'config.json'), 'mine', 0o600, { durable: false });
    expect(readFileSync(target, 'utf8')).toBe('do not touch');
    expect(statSync(join(dir, 'config.json')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('mine');
  });

  it('a write that cannot land throws and removes its temp file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'config.json')); // rename over a directory fails
    expect(() => writeFileAtomic(join(dir, 'config.json'), 'x', 0o600)).toThrow();
    expect(readdirSync(dir)).toEqual(['config.json']);
  });
});
