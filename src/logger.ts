import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info', name = 'motcua'): Logger {
  return pino({ name, level });
}
