// The SDK's log lines in the app's JSON format, from warnings up, without the warning the follow-up worker
// causes by design.
import assert from 'node:assert/strict';
import { createLogger } from '../../config/logger';
import { sdkLogger } from '../../workers/sdk-logger';

function capture(): { lines: () => Array<Record<string, unknown>>; write: (line: string) => void } {
  const written: string[] = [];
  return {
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    write: (line) => void written.push(line),
  };
}

describe('the Temporal SDK log', () => {
  it('writes warnings and errors as JSON lines of the temporal-sdk component, and nothing below them', () => {
    const out = capture();
    const logger = sdkLogger(createLogger('info', out));
    logger.info('Worker state changed', { state: 'RUNNING' });
    logger.debug('Workflow bundle created');
    logger.warn('Activity heartbeat failed', { sdkComponent: 'worker', taskQueue: 'onboarding' });
    logger.log('ERROR', 'Worker failed', { error: new Error('connection refused') });
    const lines = out.lines();
    assert.deepEqual(
      lines.map((line) => [line.level, line.component, line.msg]),
      [
        [40, 'temporal-sdk', 'Activity heartbeat failed'],
        [50, 'temporal-sdk', 'Worker failed'],
      ],
    );
    assert.equal(lines[0]!.taskQueue, 'onboarding');
    assert.equal((lines[1]!.err as { message: string }).message, 'connection refused');
  });

  it('keeps the follow-up worker\u2019s expected "no workflows" warning out of the log', () => {
    const out = capture();
    sdkLogger(createLogger('info', out)).warn('No workflows registered, not polling for workflow tasks', {
      taskQueue: 'onboarding-follow-up',
    });
    assert.deepEqual(out.lines(), []);
  });

  it('says nothing when the app logs nothing, and only errors when the app logs only errors', () => {
    const silent = capture();
    sdkLogger(createLogger('silent', silent)).error('Worker failed');
    assert.deepEqual(silent.lines(), []);
    const errorsOnly = capture();
    const logger = sdkLogger(createLogger('error', errorsOnly));
    logger.warn('Activity heartbeat failed');
    logger.error('Worker failed');
    assert.deepEqual(
      errorsOnly.lines().map((line) => line.msg),
      ['Worker failed'],
    );
  });
});
