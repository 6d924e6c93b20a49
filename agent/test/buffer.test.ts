import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ReportBuffer } from '../src/report/buffer.ts';
import { ReportSpool } from '../src/report/spool.ts';
import { createCapturingLogger, LOG_LEVEL } from './helpers/logs.ts';
import { makeReport, makeTemporaryDirectory } from './helpers/reports.ts';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function openSpooledBuffer(directory: string, maxReports = 100) {
  const { logger, lines } = createCapturingLogger();
  const buffer = await ReportBuffer.open({ maxReports, spool: new ReportSpool(directory, logger), logger });
  return { buffer, lines };
}

describe('report buffer', () => {
  it('drops oldest when full and counts them', async () => {
    const { logger, lines } = createCapturingLogger();
    const buffer = await ReportBuffer.open({ maxReports: 5, spool: null, logger });
    const reports = Array.from({ length: 8 }, (_, index) => makeReport(index));

    for (const report of reports) {
      buffer.push(report);
    }

    expect(buffer.size).toBe(5);
    expect(buffer.ids).toEqual(reports.slice(3).map((report) => report.id));
    expect(buffer.droppedCount).toBe(3);
    const warnings = lines.filter((line) => line.level === LOG_LEVEL.warn && line.msg.startsWith('Drop oldest reports'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.['dropped']).toBe(1);
    expect(warnings[0]?.['maxReports']).toBe(5);
  });

  it('reads oldest first', async () => {
    const { logger } = createCapturingLogger();
    const buffer = await ReportBuffer.open({ maxReports: 10, spool: null, logger });
    const reports = Array.from({ length: 4 }, (_, index) => makeReport(index));
    reports.forEach((report) => buffer.push(report));

    const oldest = await buffer.readOldest(3);

    expect(oldest).toEqual(reports.slice(0, 3));
  });

  it('spool survives a restart', async () => {
    const directory = await makeTemporaryDirectory('spool');
    cleanups.push(directory.remove);
    const reports = Array.from({ length: 5 }, (_, index) => makeReport(index));

    const first = await openSpooledBuffer(directory.path);
    reports.forEach((report) => first.buffer.push(report));
    await first.buffer.persist();

    const second = await openSpooledBuffer(directory.path);
    expect(second.buffer.ids).toEqual(reports.map((report) => report.id));
    expect(await second.buffer.readOldest(100)).toEqual(reports);
    expect(second.lines.some((line) => line.msg === 'Load spooled reports' && line['reports'] === 5)).toBe(true);
  });

  it('spool keeps order across several restarts', async () => {
    const directory = await makeTemporaryDirectory('spool-order');
    cleanups.push(directory.remove);
    const reports = Array.from({ length: 6 }, (_, index) => makeReport(index));

    const first = await openSpooledBuffer(directory.path);
    reports.slice(0, 3).forEach((report) => first.buffer.push(report));
    await first.buffer.persist();
    const second = await openSpooledBuffer(directory.path);
    reports.slice(3).forEach((report) => second.buffer.push(report));
    await second.buffer.persist();

    const third = await openSpooledBuffer(directory.path);
    expect(third.buffer.ids).toEqual(reports.map((report) => report.id));
  });

  it('removing sent reports deletes their files', async () => {
    const directory = await makeTemporaryDirectory('spool-remove');
    cleanups.push(directory.remove);
    const reports = Array.from({ length: 4 }, (_, index) => makeReport(index));
    const { buffer } = await openSpooledBuffer(directory.path);
    reports.forEach((report) => buffer.push(report));
    await buffer.persist();

    buffer.remove([reports[0]!.id, reports[2]!.id]);
    await buffer.persist();

    const files = await readdir(join(directory.path, 'queue'));
    expect(files).toHaveLength(2);
    expect(files.some((file) => file.includes(reports[1]!.id))).toBe(true);
    expect(files.some((file) => file.includes(reports[3]!.id))).toBe(true);
  });

  it('loading an oversized spool drops the oldest', async () => {
    const directory = await makeTemporaryDirectory('spool-bound');
    cleanups.push(directory.remove);
    const reports = Array.from({ length: 6 }, (_, index) => makeReport(index));
    const first = await openSpooledBuffer(directory.path);
    reports.forEach((report) => first.buffer.push(report));
    await first.buffer.persist();

    const second = await openSpooledBuffer(directory.path, 4);

    expect(second.buffer.ids).toEqual(reports.slice(2).map((report) => report.id));
    expect(second.buffer.droppedCount).toBe(2);
  });

  it('ignores a report left half-written by a crash', async () => {
    const directory = await makeTemporaryDirectory('spool-crash');
    cleanups.push(directory.remove);
    const { logger } = createCapturingLogger();
    const spool = new ReportSpool(directory.path, logger);
    await spool.open();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(directory.path, 'queue', '000000000000001-000000001-partial.json.tmp'), '{"id":');
    const report = makeReport(1);
    await spool.write(report.id, Date.parse(report.collectedAt), JSON.stringify(report));

    const { buffer } = await openSpooledBuffer(directory.path);

    expect(buffer.ids).toEqual([report.id]);
    expect(await readdir(join(directory.path, 'queue'))).toHaveLength(1);
  });
});
