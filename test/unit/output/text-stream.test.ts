import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../src/output/mask.js';
import { plainStyle } from '../../../src/output/style.js';
import { Output } from '../../../src/output/writer.js';
import { fakeIO } from '../../helpers/context.js';

const KEY = 'spk_0123456789abcdef0123456789abcdef';

function writer() {
  const io = fakeIO();
  const redactor = new Redactor();
  redactor.add(KEY);
  const out = new Output(io, { json: false, redactor, style: plainStyle, errStyle: plainStyle, now: () => 0 });
  return { io, out };
}

describe('Output.text streams text safely', () => {
  it('keeps newlines and tabs, escapes other control characters, adds nothing', () => {
    const { io, out } = writer();
    out.text('a\tb\n');
    out.text('\u001b[2Jc\r');
    out.textEnd();
    expect(io.out()).toBe('a\tb\n\\x1b[2Jc\\x0d');
  });

  it('a key split across pieces, at every cut, is still redacted', () => {
    const text = `before ${KEY} after`;
    for (let cut = 0; cut <= text.length; cut++) {
      const { io, out } = writer();
      out.text(text.slice(0, cut));
      out.text(text.slice(cut));
      out.textEnd();
      expect(io.out(), `cut at ${cut}`).toBe('before [REDACTED] after');
    }
  });

  it('one character at a time', () => {
    const { io, out } = writer();
    for (const ch of `x${KEY}y`) out.text(ch);
    out.textEnd();
    expect(io.out()).toBe('x[REDACTED]y');
  });

  it('text that only looks like the start of a key is written at the end', () => {
    const { io, out } = writer();
    out.text('the prefix spk_0123');
    expect(io.out()).toBe('the prefix ');
    out.textEnd();
    expect(io.out()).toBe('the prefix spk_0123');
  });
});

describe('Redactor.partialAt', () => {
  it('is the length of the longest end that could begin a secret', () => {
    const r = new Redactor();
    r.add(KEY);
    expect(r.partialAt('hello')).toBe(0);
    expect(r.partialAt('hello spk_01')).toBe(6);
    expect(r.partialAt(`x${KEY}`)).toBe(0);
  });
});
