// How bench/connections.ts reads a click's answer: the API's figures from Server-Timing, and the step
// type a link's row stands for.
import { strict as assert } from 'node:assert';
import { serverTiming, stepTypeOf } from '../../bench/clicks';

describe('the connections benchmark’s clicks (bench/clicks.ts)', () => {
  it('takes an entry’s duration from a Server-Timing header, and nothing without one', () => {
    assert.equal(serverTiming('update;dur=12.5', 'update'), 12.5);
    assert.equal(serverTiming('db;dur=3, update;desc="Temporal Update";dur=210, total;dur=260', 'update'), 210);
    assert.equal(serverTiming('claim;dur=40.5, total;dur=52', 'total'), 52);
    assert.equal(serverTiming('total;dur=260', 'update'), undefined);
    assert.equal(serverTiming('update', 'update'), undefined);
    assert.equal(serverTiming(null, 'update'), undefined);
  });

  it('names a connection step by its path and leaves out steps it does not click', () => {
    assert.equal(stepTypeOf('approve-connection', 'registrant'), 'approve-connection (registrant)');
    assert.equal(stepTypeOf('prepare-connection', 'direct'), 'prepare-connection (direct)');
    assert.equal(stepTypeOf('activate-user', 'direct'), 'activate-user');
    assert.equal(stepTypeOf('resubmit-documents', 'direct'), undefined);
  });
});
