import { pino, type Logger } from 'pino';

/**
 * Creates the reference server's logger, writing JSON lines to stderr so stdout carries only what a
 * caller parses (`listening <baseUrl>`). Redaction paths cover every place a token, key or secret
 * could appear in a log object, so a careless call site still logs no secret.
 */
export function createLogger(level: string = 'info'): Logger {
  return pino(
    {
      name: 'exto-reference',
      level,
      redact: {
        paths: [
          'token',
          'adminSecret',
          'accessTokenPrivateKey',
          'password',
          'req.headers.authorization',
          'req.headers["x-admin-secret"]',
          'headers.authorization',
          'headers["x-admin-secret"]',
          '*.token',
          '*.password',
        ],
        censor: '***',
      },
    },
    pino.destination(2),
  );
}

export type { Logger };
