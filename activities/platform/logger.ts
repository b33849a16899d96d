// Structured logs (pino) for every Kefu process, pretty on a terminal and JSON elsewhere, never with customer text.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

/**
 * Fields that carry what customers wrote or who they are. Logs are read by more people, and kept longer, than
 * cases: any of these, at the top or nested up to three levels, is replaced by "[redacted]".
 * The top-level `name` stays: pino uses it for the process name.
 */
const CUSTOMER_FIELDS = [
  'text',
  'email',
  'phone',
  'name',
  'address',
  'customer',
  'variables',
  'input',
  'args',
];
export const REDACT_PATHS = [
  ...CUSTOMER_FIELDS.filter((f) => f !== 'name'),
  ...CUSTOMER_FIELDS.map((f) => `*.${f}`),
  ...CUSTOMER_FIELDS.map((f) => `*.*.${f}`),
  ...CUSTOMER_FIELDS.map((f) => `*.*.*.${f}`),
];

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  name: string,
  /** Where the lines go instead of stdout (tests read them). */
  destination?: DestinationStream,
): Logger {
  const pretty = !destination && process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  const options: pino.LoggerOptions = {
    name,
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: errorDetails },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}

export interface ErrorDetails {
  /** The error's class (`name` is a redacted field). */
  type?: string;
  message: string;
  code?: unknown;
  path?: readonly (string | number)[];
  stack?: string;
  cause?: ErrorDetails;
}

/**
 * What a log needs to explain an error: its message, code (GraphQL extension, pg SQLSTATE or errno) and GraphQL path,
 * and the error underneath it. Deliberately not the error's other fields: pg puts row values in `detail`,
 * GraphQL errors carry the request's variables.
 */
export function errorDetails(error: unknown, depth = 0): ErrorDetails {
  if (!(error instanceof Error)) {
    return { message: typeof error === 'string' ? error : 'non-error value thrown' };
  }
  const e = error as Error & {
    code?: unknown;
    path?: readonly (string | number)[];
    extensions?: Record<string, unknown>;
    originalError?: unknown;
    cause?: unknown;
  };
  const code = e.extensions?.code ?? e.code;
  const underneath = e.originalError ?? e.cause;
  return {
    type: e.name,
    message: e.message,
    ...(code !== undefined ? { code } : {}),
    ...(Array.isArray(e.path) ? { path: e.path } : {}),
    ...(e.stack ? { stack: e.stack } : {}),
    ...(underneath !== undefined && underneath !== error && depth < 3
      ? { cause: errorDetails(underneath, depth + 1) }
      : {}),
  };
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * A logger for libraries that log like console (graphql-yoga): strings become the message, an Error becomes `err`;
 * other objects are dropped, since they can be the request itself.
 */
export function consoleStyleLogger(logger: Logger): Record<Level, (...args: unknown[]) => void> {
  const forward =
    (level: Level) =>
    (...args: unknown[]) => {
      const error = args.find((a): a is Error => a instanceof Error);
      const text = args.filter((a): a is string => typeof a === 'string').join(' ');
      if (error) logger[level]({ err: error }, text || error.message);
      else if (text) logger[level](text);
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
