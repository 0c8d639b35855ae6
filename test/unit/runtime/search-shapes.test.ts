import { describe, expect, it } from 'vitest';
import { matchText, normaliseSearchResponse, primaryKeyText, type SearchResult } from '../../../src/runtime/search-shapes.js';

const DOC: Omit<SearchResult, 'rank' | 'score'> = {
  dataset: 'docs',
  primary_key: { id: 7 },
  matches: { body: ['Spice accelerates datasets'] },
  data: { title: 'Intro' },
  metadata: {},
};

describe('normaliseSearchResponse reads every runtime generation into one shape', () => {
  it('G3: results with _score, array matches, empties omitted', () => {
    const r = normaliseSearchResponse({
      results: [
        { matches: { body: ['Spice accelerates datasets'] }, data: { title: 'Intro' }, primary_key: { id: 7 }, _score: 0.91, dataset: 'docs' },
        { matches: { body: ['chunk a', 'chunk b'] }, _score: 0.5, dataset: 'notes' },
      ],
      duration_ms: 42,
    });
    expect(r.duration_ms).toBe(42);
    expect(r.results).toEqual([
      { rank: 1, score: 0.91, ...DOC },
      { rank: 2, score: 0.5, dataset: 'notes', primary_key: {}, matches: { body: ['chunk a', 'chunk b'] }, data: {}, metadata: {} },
    ]);
  });

  it('G2: results with score and string matches', () => {
    const r = normaliseSearchResponse({
      results: [{ matches: { body: 'Spice accelerates datasets' }, data: { title: 'Intro' }, primary_key: { id: 7 }, metadata: {}, score: 0.91, dataset: 'docs' }],
      duration_ms: 3,
    });
    expect(r.results).toEqual([{ rank: 1, score: 0.91, ...DOC }]);
  });

  it('G1: a matches array of {value, score}; the text is kept under "value"', () => {
    const r = normaliseSearchResponse({
      matches: [{ value: 'Spice accelerates datasets', score: 0.91, dataset: 'docs', primary_key: { id: 7 }, metadata: { source: 'x' } }],
      duration_ms: 12,
    });
    expect(r.results).toEqual([{ rank: 1, score: 0.91, dataset: 'docs', primary_key: { id: 7 }, matches: { value: ['Spice accelerates datasets'] }, data: {}, metadata: { source: 'x' } }]);
  });

  it('a bare array of entries, without duration', () => {
    const r = normaliseSearchResponse([{ matches: { body: ['x'] }, _score: 1, dataset: 'd' }]);
    expect(r.duration_ms).toBeNull();
    expect(r.results[0]).toMatchObject({ rank: 1, score: 1, matches: { body: ['x'] } });
  });

  it('_score wins over score; a missing or non-numeric score is null', () => {
    const r = normaliseSearchResponse({ results: [{ _score: 0.2, score: 0.9, dataset: 'a' }, { dataset: 'b' }, { score: 'n/a', dataset: 'c' }, { score: '0.25', dataset: 'd' }] });
    expect(r.results.map((x) => x.score)).toEqual([0.2, null, null, 0.25]);
  });

  it('non-string match values become JSON text; null chunks are dropped', () => {
    const r = normaliseSearchResponse({ results: [{ matches: { n: [1, null, { a: 1 }], s: null }, dataset: 'd', _score: 0 }] });
    expect(r.results[0]!.matches).toEqual({ n: ['1', '{"a":1}'], s: [] });
  });

  it('an empty result list is fine', () => {
    expect(normaliseSearchResponse({ results: [], duration_ms: 1 })).toEqual({ results: [], duration_ms: 1 });
  });

  it('an unrecognised body is a one-line error', () => {
    expect(() => normaliseSearchResponse({ hits: [] })).toThrow('the runtime sent a search response this CLI does not recognise (no results or matches list)');
    expect(() => normaliseSearchResponse('nope')).toThrow(/does not recognise/);
    expect(() => normaliseSearchResponse({ results: [42] })).toThrow('the runtime sent search result 1 as number, not an object');
  });
});

describe('search result text for tables', () => {
  it('a single-column primary key shows its value; several show col=value pairs', () => {
    expect(primaryKeyText({ id: 7 })).toBe('7');
    expect(primaryKeyText({ org: 'a', id: 7 })).toBe('org=a,id=7');
    expect(primaryKeyText({})).toBe('');
  });

  it('matched text joins every chunk of every column', () => {
    expect(matchText({ rank: 1, score: 1, ...DOC, matches: { a: ['x', 'y'], b: ['z'] } })).toBe('x y z');
  });
});
