import type { RouteHandler } from '../types';

/** Exact counts from the repository's counters: flat cost, no Scan. */
export const metrics: RouteHandler = {
  async handle(_request, { repository }) {
    const { total, by_status, by_stage, by_type } = await repository.metrics();
    return { statusCode: 200, body: { total, by_status, by_stage, by_type } };
  },
};
