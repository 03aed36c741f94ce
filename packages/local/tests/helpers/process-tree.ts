import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A process as /proc shows it; the start time tells a reused pid apart. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group: what a terminal signals on Ctrl-C. */
  pgrp: number;
  state: string;
  startTime: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, ppid: Number(fields[1]), pgrp: Number(fields[2]), state: fields[0] ?? '?', startTime: fields[19] ?? '', command };
  } catch {
    return undefined;
  }
}

/** The process and every descendant, however deep (detached ones included: setsid keeps the parent). */
export function processTree(root: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const tree: ProcessInfo[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    const self = all.find((info) => info.pid === pid);
    if (self) tree.push(self);
    pending.push(...all.filter((info) => info.ppid === pid).map((info) => info.pid));
  }
  return tree;
}

/** The ones still running (zombies waiting for a reaper do not count). */
export function stillRunning(processes: readonly ProcessInfo[]): ProcessInfo[] {
  return processes.filter((info) => {
    const now = readProcess(info.pid);
    return now !== undefined && now.startTime === info.startTime && now.state !== 'Z';
  });
}

/** A listening TCP socket: who holds it and the local address it is bound to. */
export interface ListeningSocket {
  pid: number;
  address: string;
  port: number;
}

/** `0100007F:0BB8` (tcp) or the 32-hex-digit tcp6 form → `127.0.0.1`, `::1`, `::ffff:127.0.0.1`, `::`… */
function decodeAddress(hex: string): string {
  if (hex.length === 8) return [0, 1, 2, 3].map((index) => parseInt(hex.slice(6 - index * 2, 8 - index * 2), 16)).join('.');
  // tcp6: four 32-bit words, each in host (little-endian) byte order.
  const bytes = [0, 1, 2, 3].flatMap((word) => {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    return [6, 4, 2, 0].map((offset) => parseInt(chunk.slice(offset, offset + 2), 16));
  });
  if (bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 255 && bytes[11] === 255) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = [0, 1, 2, 3, 4, 5, 6, 7].map((group) => ((bytes[group * 2]! << 8) | bytes[group * 2 + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Every socket in LISTEN state held by one of these processes, read from /proc/net/tcp{,6}. */
export function listeningSockets(pids: readonly number[]): ListeningSocket[] {
  const listening = new Map<string, { address: string; port: number }>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (state !== '0A' || !local || !inode) continue;
      const [address = '', port = '0'] = local.split(':');
      listening.set(inode, { address: decodeAddress(address), port: parseInt(port, 16) });
    }
  }
  const sockets: ListeningSocket[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode === undefined ? undefined : listening.get(inode);
      if (socket) sockets.push({ pid, ...socket });
    }
  }
  return sockets;
}

/** 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export const isLoopback = (address: string): boolean => /^(127\.|::ffff:127\.)/.test(address) || address === '::1';
