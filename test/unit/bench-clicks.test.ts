// How bench/connections.ts reads a click's answer: the API's Update time from Server-Timing, and the step
// type a link's row stands for.
import { strict as assert } from 'node:assert';
import { stepTypeOf, updateDuration } from '../../bench/clicks';

describe('the connections benchmark’s clicks (bench/clicks.ts)', () => {
  it('takes the update entry’s duration from a Server-Timing header, and nothing without one', () => {
    assert.equal(updateDuration('update;dur=12.5'), 12.5);
    assert.equal(updateDuration('db;dur=3, update;desc="Temporal Update";dur=210, total;dur=260'), 210);
    assert.equal(updateDuration('total;dur=260'), undefined);
    assert.equal(updateDuration('update'), undefined);
    assert.equal(updateDuration(null), undefined);
  });

  it('names a connection step by its path and leaves out steps it does not click', () => {
    assert.equal(stepTypeOf('approve-connection', 'registrant'), 'approve-connection (registrant)');
    assert.equal(stepTypeOf('prepare-connection', 'direct'), 'prepare-connection (direct)');
    assert.equal(stepTypeOf('activate-user', 'direct'), 'activate-user');
    assert.equal(stepTypeOf('resubmit-documents', 'direct'), undefined);
  });
});
