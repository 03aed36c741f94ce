import type { AttemptReport } from '../../ports/notifier';
import { AttemptFailure } from './attempt-failure';

/**
 * Times one request to ntfy and tells `onAttempt` how it ended, for the attempt history. A
 * request the caller aborted is reported only as far as it got (an error without a status).
 */
export async function reportedAttempt(
  publish: () => Promise<{ id: string; status: number }>,
  onAttempt: ((report: AttemptReport) => void) | undefined,
  now: () => number,
): Promise<string> {
  const startedAt = new Date(now());
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const { id, status } = await publish();
    onAttempt?.({ startedAt, durationMs: durationMs(), outcome: 'delivered', httpStatus: status, notificationId: id });
    return id;
  } catch (error) {
    onAttempt?.({ startedAt, durationMs: durationMs(), ...failureOf(error) });
    throw error;
  }
}

function failureOf(error: unknown): Pick<AttemptReport, 'outcome' | 'httpStatus' | 'ntfyCode' | 'error'> {
  if (!(error instanceof AttemptFailure)) {
    return { outcome: 'retryable', error: error instanceof Error ? error.message : String(error) };
  }
  const { statusCode, code } = error.details;
  const outcome = statusCode === 429 ? 'quota' : error.retryable ? 'retryable' : 'permanent';
  return {
    outcome,
    ...(statusCode !== undefined ? { httpStatus: statusCode } : {}),
    ...(code !== undefined ? { ntfyCode: code } : {}),
    error: error.message,
  };
}
