// Delivery lateness of scheduled messages in the sandbox: 60 messages created with delays of
// 1–20 s (`delay`), each timed from its deliver_at to the moment the ntfy stand-in received it.
// Early (negative) would be a bug; the goal is p95 ≤ 2 s. Figures only; nothing is asserted.
// Run: pnpm --filter @rez-agent/local bench (after a build).
import { startNtfyServer } from '@rez-agent/testing';
import type { StoredMessage } from '../tests/helpers/messages';
import { killAllSandboxes, startSandboxProcess } from '../tests/helpers/sandbox-process';
import { waitFor } from '../tests/helpers/wait';

const MESSAGES = 60;
const GOAL_P95_MS = 2_000;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

const ntfy = await startNtfyServer();
const arrivals = new Map<string, number>();
try {
  const sandbox = await startSandboxProcess({ env: { NTFY_URL: ntfy.url('rez-lateness'), LOG_LEVEL: 'warn' } });
  const due = new Map<string, number>();
  await Promise.all(
    Array.from({ length: MESSAGES }, async (_, index) => {
      const payload = `lateness ${index} ${Date.now()}`;
      const delay = `${1 + (index % 20)}s`;
      const { status, body } = await sandbox.api<StoredMessage>('POST', '/api/messages', { payload, delay });
      if (status !== 201 || !body.deliver_at) throw new Error(`create answered ${status}`);
      due.set(payload, Date.parse(body.deliver_at));
    }),
  );
  // Poll the stand-in's log of requests every few ms, noting the first arrival of each payload.
  await waitFor(
    `all ${MESSAGES} scheduled notifications`,
    () => {
      for (const request of ntfy.requests) if (!arrivals.has(request.body)) arrivals.set(request.body, Date.now());
      return arrivals.size >= MESSAGES ? true : undefined;
    },
    60_000,
    5,
  );
  const lateness = [...due].map(([payload, at]) => (arrivals.get(payload) ?? Number.NaN) - at);
  const early = lateness.filter((ms) => ms < 0).length;
  console.log(`\nscheduled delivery in the sandbox, ${MESSAGES} messages with delays of 1–20 s (lateness = received − deliver_at)\n`);
  console.log(
    `p50 ${percentile(lateness, 50).toFixed(0)} ms  p95 ${percentile(lateness, 95).toFixed(0)} ms  max ${Math.max(...lateness).toFixed(0)} ms  ` +
      `early ${early}   goal p95 ≤ ${GOAL_P95_MS} ms and none early: ${percentile(lateness, 95) <= GOAL_P95_MS && early === 0 ? 'met' : 'MISSED'}`,
  );
  console.log(`ntfy requests: ${ntfy.requests.length} for ${MESSAGES} messages (a redelivery would show as more)`);
  sandbox.child.kill('SIGTERM');
  await sandbox.exited;
} finally {
  await killAllSandboxes();
  await ntfy.close();
}
