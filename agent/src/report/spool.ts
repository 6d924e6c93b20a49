import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Logger } from 'pino';

/** Subdirectory of the spool directory that contains one file per unsent report. */
const QUEUE_DIRECTORY = 'queue';
const REPORT_SUFFIX = '.json';
const TEMPORARY_SUFFIX = '.tmp';

/** Digits of the millisecond timestamp in file names, so that names sort by time until year 33658. */
const TIMESTAMP_DIGITS = 15;
const SEQUENCE_DIGITS = 9;

export type SpooledReport = {
  id: string;
  fileName: string;
  json: string;
};

/**
 * Keeps unsent reports on disk so that they survive a restart. Each report is one file
 * that is written once under a temporary name and renamed into place, so a crash
 * leaves either the whole report or nothing. File names start with the collection
 * time and a sequence number, so the directory listing sorts oldest first.
 */
export class ReportSpool {
  private readonly directory: string;
  private sequence = 0;

  constructor(
    spoolDirectory: string,
    private readonly logger: Logger,
  ) {
    this.directory = join(spoolDirectory, QUEUE_DIRECTORY);
  }

  async open(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
  }

  /** Writes one report and returns its file name. */
  async write(id: string, collectedAtMs: number, json: string): Promise<string> {
    this.sequence += 1;
    const fileName = [
      String(collectedAtMs).padStart(TIMESTAMP_DIGITS, '0'),
      String(this.sequence).padStart(SEQUENCE_DIGITS, '0'),
      id,
    ].join('-') + REPORT_SUFFIX;
    const temporaryPath = join(this.directory, fileName + TEMPORARY_SUFFIX);
    await writeFile(temporaryPath, json, { mode: 0o600 });
    await rename(temporaryPath, join(this.directory, fileName));
    return fileName;
  }

  /** Reads one report back; null when the file is gone (already sent or dropped). */
  async read(fileName: string): Promise<string | null> {
    try {
      return await readFile(join(this.directory, fileName), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return null;
      }
      throw error;
    }
  }

  async remove(fileName: string): Promise<void> {
    try {
      await unlink(join(this.directory, fileName));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn({ fileName, err: error }, 'Remove spooled report failed');
      }
    }
  }

  /**
   * Lists the spooled reports oldest first, with their ids. Leftover temporary files
   * from a crash mid-write are removed, because their report was never complete.
   */
  async list(): Promise<Array<{ id: string; fileName: string; collectedAtMs: number }>> {
    const entries = (await readdir(this.directory)).sort();
    const reports: Array<{ id: string; fileName: string; collectedAtMs: number }> = [];
    for (const fileName of entries) {
      if (fileName.endsWith(TEMPORARY_SUFFIX)) {
        await this.remove(fileName);
        continue;
      }
      const match = /^(\d+)-\d+-(.+)\.json$/.exec(fileName);
      if (!match?.[1] || !match[2]) {
        this.logger.warn({ fileName }, 'Skip unknown file in spool directory');
        continue;
      }
      reports.push({ id: match[2], fileName, collectedAtMs: Number(match[1]) });
    }
    return reports;
  }
}
