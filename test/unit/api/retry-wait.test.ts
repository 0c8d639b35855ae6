import { describe, expect, it } from 'vitest';
import { retryWait } from '../../../src/api/http.js';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
const now = 1_700_000_000_300; // 300 ms into a second

describe('retryWait', () => {
  it('a 429 waits until X-RateLimit-Reset when that comes before the rounded-up Retry-After', () => {
    expect(retryWait(429, headers({ 'retry-after': '1', 'x-ratelimit-reset': '1700000001' }), now)).toBe(710);
  });
  it('keeps Retry-After when it is the sooner one, or when there is no reset header', () => {
    expect(retryWait(429, headers({ 'retry-after': '0', 'x-ratelimit-reset': '1700000001' }), now)).toBe(0);
    expect(retryWait(429, headers({ 'retry-after': '2' }), now)).toBe(2000);
  });
  it('ignores a reset from a clock that disagrees with ours (in the past, or over a minute away)', () => {
    expect(retryWait(429, headers({ 'retry-after': '1', 'x-ratelimit-reset': '1699999990' }), now)).toBe(1000);
    expect(retryWait(429, headers({ 'retry-after': '1', 'x-ratelimit-reset': '1700000900' }), now)).toBe(1000);
  });
  it('only a 429 reads the rate-limit reset: a 503 keeps its Retry-After', () => {
    expect(retryWait(503, headers({ 'retry-after': '3', 'x-ratelimit-reset': '1700000001' }), now)).toBe(3000);
  });
});
