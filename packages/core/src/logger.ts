import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';
import type { Stage } from './message/message';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Which function logs: scheduler, processor, webapi, local. */
  functionName: string;
  stage: Stage;
  level?: LogLevel;
  /**
   * Secret values (tokens) to blank wherever they appear, even inside a message or an error.
   * Read at every log call, so a Set filled later (a token fetched from SSM on first use) counts.
   */
  secrets?: Iterable<string | undefined>;
  /** Where lines go; stdout by default (Lambda ships it to CloudWatch). */
  destination?: DestinationStream;
}

/** Paths whose values are never logged, whatever they hold. */
export const REDACTED_PATHS = [
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'token',
  '*.token',
  'apiToken',
  '*.apiToken',
  'NTFY_TOKEN',
  '*.NTFY_TOKEN',
  'REZ_API_TOKEN',
  '*.REZ_API_TOKEN',
];

const REDACTED = '[Redacted]';

// Short secrets would blank ordinary words; real tokens are long.
const isScrubbable = (secret: string | undefined): secret is string => typeof secret === 'string' && secret.length >= 8;

function scrubber(source: Iterable<string | undefined>): (value: unknown) => unknown {
  let secrets: string[] = [];
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), value);
    if (depth > 8 || typeof value !== 'object' || value === null) return value;
    if (value instanceof Error) return scrub(stdSerializers.err(value), depth + 1);
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth + 1)]));
  };
  return (value) => {
    secrets = [...source].filter(isScrubbable);
    return secrets.length ? scrub(value, 0) : value;
  };
}

/**
 * Lambda's advanced logging reads a JSON line's level from `level` (TRACE … FATAL) and its time
 * from `timestamp` (RFC 3339); a line without both is taken as INFO, so the function's
 * applicationLogLevel would drop or keep it by the wrong level.
 */
const lambdaLineShape = {
  timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
  level: (label: string) => ({ level: label.toUpperCase() }),
};

/**
 * JSON logs with base fields service, stage and function, shaped for Lambda's log-level
 * filtering. Child loggers add request_id, correlation_id and message_id. Authorization headers
 * and token fields are redacted by path, and known secret values are blanked anywhere in a line.
 */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = options.secrets ? scrubber(options.secrets) : undefined;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'rez-agent', stage: options.stage, function: options.functionName },
      timestamp: lambdaLineShape.timestamp,
      messageKey: 'message',
      errorKey: 'error',
      formatters: { level: lambdaLineShape.level },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      ...(scrub
        ? {
            hooks: {
              logMethod(args, method) {
                // Each argument is scrubbed before pino serialises it: strings, objects and errors.
                method.apply(this, args.map(scrub) as Parameters<typeof method>);
              },
            },
          }
        : {}),
    },
    options.destination,
  );
}
