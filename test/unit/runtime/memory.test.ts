import { describe, expect, it } from 'vitest';
import { releaser, RELEASE_EVERY } from '../../../src/runtime/memory.js';

describe('releaser', () => {
  it('asks for one collection each time the bytes handed over pass the step, and none before', () => {
    let collections = 0;
    const release = releaser(100, () => collections++);
    release(60);
    expect(collections).toBe(0);
    release(60); // 120: past the step
    expect(collections).toBe(1);
    release(99);
    expect(collections).toBe(1); // the count starts again after a collection
    release(1);
    expect(collections).toBe(2);
  });

  it('reaches V8 itself by default without throwing, every 4 MiB', () => {
    expect(RELEASE_EVERY).toBe(4 * 1024 * 1024);
    const release = releaser(1);
    expect(() => release(2)).not.toThrow();
  });
});
