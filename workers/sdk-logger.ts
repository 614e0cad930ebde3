// The Temporal SDK's own log (core and worker) as the app's JSON log lines, with the same redaction, instead
// of its console format: one format for operators' log pipelines, and LOG_LEVEL=silent silences it too.
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { Logger } from '../config/logger';

const pinoLevels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Said by design, not a fault, so left out: the follow-up worker polls only for activities (workers/worker.ts),
 * and the SDK warns of that on every start.
 */
const expected = new Set(['No workflows registered, not polling for workflow tasks']);

/** `logger`, as the SDK's logger: warnings and errors (what the SDK says below that is bundling and state changes). */
export function sdkLogger(logger: Logger): SdkLogger {
  const atLeastWarn = logger.levelVal > logger.levels.values.warn! ? logger.level : 'warn';
  const sdk = logger.child({ component: 'temporal-sdk' }, { level: atLeastWarn });
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    if (expected.has(message)) return;
    const { error, ...rest } = meta ?? {};
    const fields = error instanceof Error ? { ...rest, err: error } : (meta ?? {});
    sdk[pinoLevels[level]](fields, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
