import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Canceller, onAbort } from '../../src/abort.js';
import { attemptSignal } from '../../src/api/http.js';

describe('Canceller and onAbort', () => {
  it('calls each callback once with the reason, after the signal’s event listeners, and never again', () => {
    const c = new Canceller();
    const order: string[] = [];
    c.signal.addEventListener('abort', () => order.push('event'));
    onAbort(c.signal, (r) => order.push(`a:${String(r)}`));
    onAbort(c.signal, (r) => order.push(`b:${String(r)}`));
    c.abort('stop');
    c.abort('again');
    expect(order).toEqual(['event', 'a:stop', 'b:stop']);
    expect(c.signal.reason).toBe('stop');
  });

  it('listens to its own signals without an EventTarget listener, and stops when asked', () => {
    const c = new Canceller();
    const seen: unknown[] = [];
    const stop = onAbort(c.signal, (r) => seen.push(r));
    const fn = (r: unknown) => seen.push(`twice:${String(r)}`);
    const stopOne = onAbort(c.signal, fn);
    onAbort(c.signal, fn); // the same function twice: two entries
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
    stop();
    stopOne();
    c.abort('x');
    expect(seen).toEqual(['twice:x']);
  });

  it('calls at once for a signal that has already aborted', () => {
    const c = new Canceller();
    c.abort(new Error('gone'));
    let reason: unknown;
    onAbort(c.signal, (r) => (reason = r));
    expect((reason as Error).message).toBe('gone');
    const plain = AbortSignal.abort('done');
    onAbort(plain, (r) => (reason = r));
    expect(reason).toBe('done');
  });

  it('listens to a signal made elsewhere with an event listener, removed when stopped', () => {
    const ac = new AbortController();
    const seen: unknown[] = [];
    const stop = onAbort(ac.signal, (r) => seen.push(r));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    stop();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    const ac2 = new AbortController();
    onAbort(ac2.signal, (r) => seen.push(r));
    ac2.abort('later');
    expect(seen).toEqual(['later']);
  });
});

describe('attemptSignal', () => {
  it('aborts with the parent (Ctrl-C) and stops listening to it when done', () => {
    const parent = new Canceller();
    const a = attemptSignal(60_000, parent.signal);
    const b = attemptSignal(60_000, parent.signal);
    b.done();
    parent.abort('interrupted');
    expect(a.signal.aborted).toBe(true);
    expect(a.signal.reason).toBe('interrupted');
    expect(b.signal.aborted).toBe(false);
    a.done();
  });

  it('aborts with a TimeoutError when its time is up', async () => {
    const a = attemptSignal(5);
    await new Promise((r) => setTimeout(r, 30));
    expect(a.signal.aborted).toBe(true);
    expect((a.signal.reason as DOMException).name).toBe('TimeoutError');
  });
});

describe('the system clock', () => {
  it('sleeps until its time, or rejects with the reason the moment its signal aborts, leaving no timer or listener', async () => {
    const { systemClock } = await import('../../src/context.js');
    await systemClock.sleep(5);
    const c = new Canceller();
    const started = Date.now();
    const pending = systemClock.sleep(60_000, c.signal);
    setTimeout(() => c.abort(new Error('interrupted')), 10);
    await expect(pending).rejects.toThrow('interrupted');
    expect(Date.now() - started).toBeLessThan(5_000);
    const plain = new AbortController();
    await systemClock.sleep(5, plain.signal);
    expect(getEventListeners(plain.signal, 'abort')).toHaveLength(0);
  });
});
