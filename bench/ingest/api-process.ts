// A further API process of the ingest benchmark (--api-processes): started by run.ts with
// fork(), it serves the benchmark database on a free port, sends its URL back and then
// its CPU time when asked, and stops on disconnect.
import { startSentinel } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';

process.once('message', (databaseUrl) => {
  void (async () => {
    const config = { ...parseConfig({}), databaseUrl: databaseUrl as string, port: 0, host: '127.0.0.1', logLevel: 'warn' as const, runJobs: false };
    const app = await startSentinel(config, createLogger('warn'));
    process.on('message', () => {
      const cpu = process.cpuUsage();
      process.send!({ cpuMs: (cpu.user + cpu.system) / 1_000 });
    });
    process.once('disconnect', () => void app.stop().then(() => process.exit(0)));
    process.send!({ url: app.http.url });
  })();
});
