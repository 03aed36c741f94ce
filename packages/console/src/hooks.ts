import { useEffect, useRef } from 'preact/hooks';

/**
 * Runs `load` now and then again `intervalMs` after each run ends, while `active` and the tab
 * is visible; a run never overlaps the previous one. Stops when the component goes away or
 * `deps` change; `load` is told whether it is still current, so a late answer for the old
 * filters is dropped rather than shown.
 */
export function usePolling(load: (isCurrent: () => boolean) => Promise<unknown>, intervalMs: number, active: boolean, deps: readonly unknown[]): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      timer = undefined;
      if (stopped) return;
      if (document.visibilityState === 'visible') await latest.current(() => !stopped).catch(() => undefined);
      if (!stopped && active) timer = setTimeout(() => void run(), intervalMs);
    };
    void run();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [active, intervalMs, ...deps]);
}
