import assert from 'node:assert/strict';
import { CsvError, CsvReader } from '../../domain/csv';
import { checkImportRow, readHeader } from '../../domain/users';

const org = { orgId: 'dk-cvr-12345678', cvr: '12345678' };
const columns = { name: 0, email: 1, nemidUserId: 2, importedAt: 3 };

describe('NemID export rows', () => {
  it('reads quoted fields, "" and CRLF across chunk boundaries, with line numbers', () => {
    const reader = new CsvReader();
    const text = 'name,email\r\n"Clausen, ""Carl""",c@x.dk\r\n"multi\nline",m@x.dk\nlast,l@x.dk';
    const records = [];
    for (let i = 0; i < text.length; i += 3) records.push(...reader.push(text.slice(i, i + 3)));
    records.push(...reader.end());
    assert.deepEqual(records, [
      { line: 1, fields: ['name', 'email'] },
      { line: 2, fields: ['Clausen, "Carl"', 'c@x.dk'] },
      { line: 3, fields: ['multi\nline', 'm@x.dk'] },
      { line: 5, fields: ['last', 'l@x.dk'] },
    ]);
  });

  it('holds the field limit inside quotes, and the field-count limit per record', () => {
    const limits = { maxFieldLength: 20, maxFieldsPerRecord: 4 };
    const quoted = new CsvReader(limits);
    quoted.push('name,email\n"');
    assert.throws(
      () => {
        for (let i = 0; i < 100; i++) quoted.push('a\nb');
      },
      (error: unknown) =>
        error instanceof CsvError &&
        error.kind === 'too_large' &&
        error.line === 2 &&
        /line 2 is longer than 20/.test(error.message),
    );
    assert.deepEqual(new CsvReader(limits).push('a,b,c,d\n'), [{ line: 1, fields: ['a', 'b', 'c', 'd'] }]);
    assert.throws(
      () => new CsvReader(limits).push('a,b,c,d,e\n'),
      (error: unknown) =>
        error instanceof CsvError && error.kind === 'too_large' && /more than 4 fields/.test(error.message),
    );
    assert.throws(
      () => new CsvReader(limits).push(',,,,,,,,,,,,,,,,,,'),
      (error: unknown) => error instanceof CsvError && error.kind === 'too_large',
    );
  });

  it('refuses a broken structure with its line: an unclosed quote, text after a closing quote', () => {
    const unclosed = new CsvReader();
    unclosed.push('name\nok\n"never closed\nmore\n');
    assert.throws(
      () => unclosed.end(),
      (error: unknown) => error instanceof CsvError && error.kind === 'malformed' && error.line === 3,
    );
    assert.throws(
      () => new CsvReader().push('name\n"Anna" Berg,x\n'),
      (error: unknown) => error instanceof CsvError && error.kind === 'malformed' && error.line === 2,
    );
    const reader = new CsvReader();
    assert.deepEqual(
      [...reader.push('Anna "Anni" Berg,"a"\r\n""'), ...reader.end()],
      [
        { line: 1, fields: ['Anna "Anni" Berg', 'a'] },
        { line: 2, fields: [''] },
      ],
    );
  });

  it('names missing header columns', () => {
    assert.deepEqual(readHeader(['name', 'email']), { missing: ['nemidUserId', 'importedAt'] });
  });

  it('keeps users imported before 1 November 2023 (Danish time) and refuses the rest', () => {
    const row = (importedAt: string) => checkImportRow(['Anna', 'Anna@X.dk', 'RID:1', importedAt], columns, org);
    assert.deepEqual(row('2023-10-31'), {
      ok: true,
      row: { name: 'Anna', email: 'anna@x.dk', nemidUserId: 'RID:1', importedAt: '2023-10-31' },
    });
    assert.equal(row('2023-10-31T22:59:59Z').ok, true);
    assert.equal(row('2023-10-31T23:00:00Z').ok, false, 'midnight in Copenhagen');
    assert.equal(row('2023-11-01').ok, false);
    assert.equal(row('31/10/2023').ok, false);
    assert.equal(row('2023-10-31T12:00:00').ok, false, 'a date-time needs its zone');
  });

  it('refuses rows of another organisation, by CVR prefix or orgId column', () => {
    assert.equal(checkImportRow(['A', 'a@x.dk', 'CVR:12345678-RID:1', '2023-01-01'], columns, org).ok, true);
    assert.match(
      (checkImportRow(['A', 'a@x.dk', 'CVR:87654321-RID:1', '2023-01-01'], columns, org) as { error: string }).error,
      /another organisation/,
    );
    const withOrg = { ...columns, orgId: 4 };
    assert.equal(checkImportRow(['A', 'a@x.dk', 'RID:1', '2023-01-01', ''], withOrg, org).ok, true);
    assert.equal(checkImportRow(['A', 'a@x.dk', 'RID:1', '2023-01-01', 'dk-other'], withOrg, org).ok, false);
  });
});
