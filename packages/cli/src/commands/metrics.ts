import { Command } from 'commander';
import { contextOf } from '../context';

interface Metrics {
  total: number;
  by_status: Record<string, number>;
  by_stage: Record<string, number>;
  by_type: Record<string, number>;
}

export function metricsCommand(): Command {
  return new Command('metrics').description('message counts: total, by status, stage and type').action(async (_options: unknown, command: Command) => {
    const { api, out } = contextOf(command);
    const metrics = await api.call<Metrics>('GET /api/metrics');
    if (out.json) {
      out.document(metrics);
      return;
    }
    out.line(`${out.paint('bold', 'total')}  ${metrics.total}`);
    for (const [title, counts] of [['status', metrics.by_status], ['stage', metrics.by_stage], ['type', metrics.by_type]] as const) {
      out.line();
      out.table([title.toUpperCase(), 'COUNT'], Object.entries(counts).map(([name, count]) => [name, String(count)]));
    }
  });
}

export function healthCommand(): Command {
  return new Command('health').description('is the API up? (needs no token)').action(async (_options: unknown, command: Command) => {
    const { api, out } = contextOf(command);
    const health = await api.call<{ status: string; timestamp: string; stage: string }>('GET /api/health');
    if (out.json) out.document(health);
    else out.line(`${out.paint('green', health.status)} (stage ${health.stage}, ${health.timestamp})`);
  });
}
