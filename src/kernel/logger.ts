import pino, { DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import { currentLogFields } from './log-context';

/**
 * Leveled logging on pino: one JSON object per line in production (for a
 * log shipper), pretty lines in development. Every line written inside a
 * request or job carries its id (see log-context.ts). Call sites only know
 * `Logger`: `logger.warn('message', extra)`, where `extra` is an Error
 * (logged as `err`, with its stack unless it is a typed business failure),
 * an object (its fields join the line), or any other value (`detail`).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface Logger {
  debug(message: string, extra?: unknown): void;
  info(message: string, extra?: unknown): void;
  warn(message: string, extra?: unknown): void;
  error(message: string, extra?: unknown): void;
}

export interface LoggerOptions {
  /** Default: LOG_FORMAT, else json when NODE_ENV=production, else pretty. */
  format?: LogFormat;
  /** Where lines go (default stdout); tests pass a stream to read them. */
  stream?: DestinationStream;
}

export function defaultLogFormat(env: Record<string, string | undefined> = process.env): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return env.NODE_ENV === 'production' ? 'json' : 'pretty';
}

/** A business failure the caller caused (UserFailure): its code and message say everything; a stack would only be noise. */
function isTypedFailure(error: Error): error is Error & { code: string; field?: string[] } {
  return typeof (error as { toUserError?: unknown }).toUserError === 'function';
}

export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (isTypedFailure(error)) return { type: error.name, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  // A failed statement's bound parameters may hold personal data or password hashes; its driverError repeats it.
  const { parameters: _parameters, driverError: _driverError, ...serialized } = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? serialized : { ...serialized, cause: serializeError(cause) };
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const format = options.format ?? defaultLogFormat();
  const destination =
    options.stream ??
    (format === 'pretty'
      ? pretty({
          sync: true,
          colorize: Boolean(process.stdout.isTTY),
          ignore: 'pid,hostname',
          translateTime: 'SYS:HH:MM:ss.l',
          errorLikeObjectKeys: ['err'],
          singleLine: true,
        })
      : pino.destination({ fd: 1, sync: true }));
  const root = pino(
    {
      level,
      base: format === 'json' ? { pid: process.pid } : undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      serializers: { err: serializeError },
      // Level names, not numbers, in JSON ("level":"warn"); pino-pretty wants the numbers.
      formatters: format === 'json' ? { level: (label) => ({ level: label }) } : undefined,
      mixin: () => currentLogFields() ?? {},
    },
    destination,
  );
  const write = (at: Exclude<LogLevel, 'silent'>, message: string, extra?: unknown) => {
    if (!root.isLevelEnabled(at)) return;
    if (extra === undefined) root[at](message);
    else if (extra instanceof Error) root[at]({ err: extra }, message);
    else if (extra !== null && typeof extra === 'object' && !Array.isArray(extra)) root[at](extra as object, message);
    else root[at]({ detail: extra }, message);
  };
  return {
    debug: (m, e) => write('debug', m, e),
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}

let processLogger: Logger | null = null;

/**
 * The logger of code that runs outside any request and has none handed to
 * it (the transaction helper's after-commit effects, TypeORM's own
 * warnings): main.ts sets it at start; until then a JSON/pretty logger at
 * LOG_LEVEL (warn by default).
 */
export function getProcessLogger(): Logger {
  const level = process.env.LOG_LEVEL as LogLevel | undefined;
  processLogger ??= createLogger(level && ['debug', 'info', 'warn', 'error', 'silent'].includes(level) ? level : 'warn');
  return processLogger;
}

export function setProcessLogger(logger: Logger): void {
  processLogger = logger;
}
