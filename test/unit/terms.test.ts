import assert from 'node:assert/strict';
import { addCalendarMonths, termsEffectiveAt } from '../../domain/terms';
import { openDatabase } from '../../db/open';
import { currentTerms, pendingTerms, saveTermsVersion } from '../../db/terms';

const at = (iso: string) => new Date(iso);

describe('terms rules', () => {
  it('counts calendar months, clamping to the end of a shorter month', () => {
    assert.equal(addCalendarMonths(at('2025-03-15T10:00:00.000Z'), 3).toISOString(), '2025-06-15T10:00:00.000Z');
    assert.equal(addCalendarMonths(at('2025-11-30T08:00:00.000Z'), 3).toISOString(), '2026-02-28T08:00:00.000Z');
    assert.equal(addCalendarMonths(at('2023-11-30T08:00:00.000Z'), 3).toISOString(), '2024-02-29T08:00:00.000Z');
    assert.equal(addCalendarMonths(at('2025-10-31T23:59:00.000Z'), 3).toISOString(), '2026-01-31T23:59:00.000Z');
  });

  it('takes effect three months after the last notice, never before an earlier version', () => {
    assert.equal(termsEffectiveAt('2025-04-10T12:00:00.000Z', 3, []), '2025-07-10T12:00:00.000Z');
    assert.equal(
      termsEffectiveAt('2025-04-10T12:00:00.000Z', 3, ['2023-01-01T00:00:00.000Z', '2025-08-01T00:00:00.000Z']),
      '2025-08-01T00:00:00.000Z',
    );
  });
});

describe('terms versions in the DB', () => {
  it('starts with the seeded initial version current and nothing pending', async () => {
    const db = await openDatabase(':memory:');
    assert.equal((await currentTerms(db)).version, '2023-01');
    assert.deepEqual(await pendingTerms(db), []);
  });

  it('makes the newest effective version current, the later published one on a tie, and lists the rest as pending', async () => {
    const db = await openDatabase(':memory:');
    const version = (v: string, publishedAt: string, effectiveAt: string | null) =>
      saveTermsVersion(db, {
        version: v,
        title: v,
        url: 'https://example.dk/t',
        text: null,
        contentHash: v,
        kind: 'update',
        publishedAt,
        effectiveAt,
      });
    await version('2025-01', '2025-01-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z');
    await version('2025-02', '2025-01-02T00:00:00.000Z', '2025-04-01T00:00:00.000Z');
    await version('2025-03', '2025-01-03T00:00:00.000Z', null);
    assert.equal((await currentTerms(db, at('2025-03-31T00:00:00.000Z'))).version, '2023-01');
    assert.equal((await currentTerms(db, at('2025-04-01T00:00:00.000Z'))).version, '2025-02');
    assert.deepEqual(
      (await pendingTerms(db, at('2025-02-01T00:00:00.000Z'))).map((t) => t.version),
      ['2025-01', '2025-02', '2025-03'],
    );
    assert.deepEqual(
      (await pendingTerms(db, at('2025-05-01T00:00:00.000Z'))).map((t) => t.version),
      ['2025-03'],
    );
  });
});
