import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * What never reaches a log line: the applicant's personal data, free-text notes (they often quote
 * it), passwords, tokens, cookies and authorisation headers. Paths cover the field at the top of a
 * log object and up to two levels down (e.g. `{ input: { applicant } }`, `{ body: { batch: { note } } }`).
 */
const sensitiveFields = ['applicant', 'note', 'notes', 'password', 'token', 'accessToken', 'refreshToken', 'sessionToken', 'secret', 'cookie'];
export const redactedPaths = [
  ...sensitiveFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];
export const redactedText = '[redacted]';

export function createLogger(level: string = 'info', name = 'motcua', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: redactedPaths, censor: redactedText } };
  return destination ? pino(options, destination) : pino(options);
}
