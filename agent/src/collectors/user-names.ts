import { statSync } from 'node:fs';

import { readSyncOrNull } from './process-table.ts';

/**
 * Maps uids to user names from /etc/passwd. The file is parsed once and parsed again
 * only when a uid is missing and the file changed since, so a cycle costs one lookup
 * per process. Users from NSS sources other than the file (LDAP, sssd) resolve to null.
 */
export class UserNames {
  private names = new Map<number, string>();
  private loadedMtimeMs = -1;

  constructor(private readonly passwdPath = '/etc/passwd') {}

  lookup(uid: number): string | null {
    const name = this.names.get(uid);
    if (name !== undefined) {
      return name;
    }
    this.reloadIfChanged();
    return this.names.get(uid) ?? null;
  }

  private reloadIfChanged(): void {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.passwdPath).mtimeMs;
    } catch {
      return;
    }
    if (mtimeMs === this.loadedMtimeMs) {
      return;
    }

    const text = readSyncOrNull(this.passwdPath) ?? '';
    const names = new Map<number, string>();
    for (const line of text.split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid && /^\d+$/.test(uid)) {
        names.set(Number(uid), name);
      }
    }
    this.names = names;
    this.loadedMtimeMs = mtimeMs;
  }
}
