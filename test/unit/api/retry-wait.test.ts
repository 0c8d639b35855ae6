import { describe, expect, it } from 'vitest';
import { rateWindowEnd, retryWait } from '../../../src/api/http.js';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
const now = 1_700_000_000_300; // 300 ms into a second

describe('retryWait', () => {
  it('honours Retry-After whenever it is there, even when the rate-limit window opens sooner', () => {
    expect(retryWait(429, headers({ 'retry-after': '1', 'x-ratelimit-reset': '1700000001' }), now)).toBe(1000);
    expect(retryWait(503, headers({ 'retry-after': '3' }), now)).toBe(3000);
  });
  it('a 429 without Retry-After waits until X-RateLimit-Reset (the header the API documents)', () => {
    expect(retryWait(429, headers({ 'x-ratelimit-reset': '1700000001' }), now)).toBe(710);
  });
  it('ignores a reset from a clock that disagrees with ours (in the past, or over a minute away): backoff decides', () => {
    expect(retryWait(429, headers({ 'x-ratelimit-reset': '1699999990' }), now)).toBeUndefined();
    expect(retryWait(429, headers({ 'x-ratelimit-reset': '1700000900' }), now)).toBeUndefined();
  });
});

describe('rateWindowEnd', () => {
  it('a used-up window (X-RateLimit-Remaining: 0) pauses the client until it opens', () => {
    expect(rateWindowEnd(headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000001' }), now)).toBe(now + 710);
  });
  it('no pause while requests remain, or without a reset the client can trust', () => {
    expect(rateWindowEnd(headers({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1700000001' }), now)).toBeUndefined();
    expect(rateWindowEnd(headers({ 'x-ratelimit-remaining': '0' }), now)).toBeUndefined();
  });
});
