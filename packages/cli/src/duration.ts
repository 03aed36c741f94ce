import { UsageError } from './errors';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `5m`, `1h` (or plain seconds) → milliseconds, for the CLI's own waits. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a duration such as 500ms, 2s, 5m or 1h; got "${text}"`);
  const value = Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
  if (value <= 0) throw new UsageError(`${flag} must be more than zero`);
  return value;
}

/** 860 → "0.9s", 75_300 → "1m 15s", 3_723_000 → "1h 2m 3s": how long a command ran. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return [h ? `${h}h` : '', h || m ? `${m}m` : '', `${s}s`].filter(Boolean).join(' ');
}
