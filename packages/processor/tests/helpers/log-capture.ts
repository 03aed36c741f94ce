/** One JSON log line as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: string; message?: string; code?: string };

/** A pino destination that keeps every line, raw and parsed, for assertions. */
export function logCapture(): { lines: LogLine[]; raw: string[]; destination: { write(line: string): void } } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  };
}
