import { readFileSync } from 'node:fs';

interface Launcher {
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22): tells a reused pid apart. */
  startTime: string;
}

/** ppid, session and start time of a process, from /proc (Linux); undefined when it is gone or there is no /proc. */
function processStat(pid: number): { ppid: number; session: number; startTime: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), session: Number(fields[3]), startTime: fields[19] ?? '' };
}

/**
 * The chain of processes that started this one (`npm` → `sh -c` → `run.mjs` → …), up to the
 * session leader (the terminal's shell, or whoever started a session for us).
 */
function launchers(): Launcher[] {
  const chain: Launcher[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < 16; ) {
    const stat = processStat(pid);
    if (!stat) break;
    chain.push({ pid, startTime: stat.startTime });
    if (stat.session === pid) break;
    pid = stat.ppid;
  }
  return chain;
}

/**
 * Calls `onGone` once when any process that started this one ends. `npm start` killed with
 * SIGTERM or SIGKILL tells its children nothing, so without this the sandbox (and its JVM, and
 * its port) would live on with nobody to stop it. Without /proc only the parent is watched.
 */
export function watchLaunchers(onGone: (pid: number) => void, everyMs = 500): () => void {
  const parent = process.ppid;
  const chain = launchers();
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? parent : chain.find((launcher) => processStat(launcher.pid)?.startTime !== launcher.startTime)?.pid;
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
