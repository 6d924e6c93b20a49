import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withDetachedChildren } from '../src/db/detached-spawn.ts';

// Field 5 of /proc/<pid>/stat is the process group, counted after the command name.
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => {
    child.once('exit', () => resolveExit());
    child.kill();
  });
}

describe('detached children', () => {
  it('starts children in their own process group', async () => {
    const child = await withDetachedChildren(async () => spawn('sleep', ['5']));
    try {
      expect(processGroup(child.pid!)).toBe(child.pid);
      expect(processGroup(child.pid!)).not.toBe(processGroup(process.pid));
    } finally {
      await stopped(child);
    }
  });

  it('restores the normal spawn afterwards', async () => {
    await withDetachedChildren(async () => undefined);
    const child = spawn('sleep', ['5']);
    try {
      expect(processGroup(child.pid!)).toBe(processGroup(process.pid));
    } finally {
      await stopped(child);
    }
  });
});
