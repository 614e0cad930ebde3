// Structured JSON logs. Redaction keeps addresses, names, tokens and cookies out of them.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.email',
          '*.name',
          'token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
