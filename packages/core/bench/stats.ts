/** Nearest-rank percentile of some samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1] ?? Number.NaN;
}

export interface Measurement {
  medianMs: number;
  p95Ms: number;
  /** Capacity units one call consumed (the median over the runs; it should not vary). */
  capacityUnits: number;
}

export interface Subject {
  name: string;
  /** One call of the operation; resolves to the capacity units it consumed. */
  call(): Promise<number>;
}

/**
 * Times `runs` calls of every subject, interleaved round by round, so that whatever else the
 * machine is doing (other processes, the JVM's garbage collector) weighs on all subjects alike
 * instead of on whichever happened to run during a slow spell.
 */
export async function measureInterleaved(
  subjects: readonly Subject[],
  runs: number,
  // DynamoDB Local runs on the JVM: the first calls after a load are slow while it warms up.
  warmUp = 25,
): Promise<Map<string, Measurement>> {
  for (let round = 0; round < warmUp; round += 1) for (const subject of subjects) await subject.call();
  const durations = new Map(subjects.map((subject) => [subject.name, [] as number[]]));
  const units = new Map(subjects.map((subject) => [subject.name, [] as number[]]));
  for (let round = 0; round < runs; round += 1) {
    for (const subject of subjects) {
      const started = performance.now();
      const consumed = await subject.call();
      durations.get(subject.name)?.push(performance.now() - started);
      units.get(subject.name)?.push(consumed);
    }
  }
  return new Map(
    subjects.map(({ name }) => {
      const times = durations.get(name) ?? [];
      return [name, { medianMs: percentile(times, 50), p95Ms: percentile(times, 95), capacityUnits: percentile(units.get(name) ?? [], 50) }];
    }),
  );
}
