import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../src/config.ts';
import type { ReportMetricsInput } from '../src/generated/graphql.ts';
import { findContractViolations } from './helpers/contract.ts';
import { FakeApi } from './helpers/fake-api.ts';
import { makeTemporaryDirectory } from './helpers/reports.ts';

const LAUNCHER = fileURLToPath(new URL('../bin/sentinel-agent.js', import.meta.url));
const CHILD_TIMEOUT_MS = 30_000;
const run = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Copies the parent's environment without SENTINEL_* settings, so only the test's settings apply. */
function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SENTINEL_')));
  return { ...env, ...extra };
}

async function runAgent(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LAUNCHER, ...args], { env, timeout: CHILD_TIMEOUT_MS });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('sentinel-agent --once --print', () => {
  it(
    'fails on a missing explicit config file',
    async () => {
      const result = await runAgent(['--once', '--print', '--config', '/nonexistent/agent.yml'], cleanEnvironment());

      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Cannot read config file /nonexistent/agent.yml');
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    'prints one payload matching the protocol',
    async () => {
      const printed = await runAgent(
        ['--once', '--print'],
        cleanEnvironment({ SENTINEL_SPOOL_DIR: '', SENTINEL_DOCKER_SOCKET: '/nonexistent/docker.sock', SENTINEL_TOP_PROCESSES: '3' }),
      );
      expect(printed.code).toBe(0);
      const input = JSON.parse(printed.stdout) as ReportMetricsInput;
      expect(findContractViolations({ input })).toEqual([]);
      expect(input.reports).toHaveLength(1);
      expect(input.reports[0]?.system?.cpuUsagePercent).not.toBeNull();
      expect(input.reports[0]?.intervalSeconds).toBeGreaterThan(0);
      expect(input.reports[0]?.containers).toEqual([]);
      expect(input.reports[0]?.processes?.length).toBeLessThanOrEqual(6);
      expect(input.agentId).not.toBe(input.systemInfo.hostname);
    },
    CHILD_TIMEOUT_MS * 2,
  );

  it(
    'lists every invalid setting and exits 1',
    async () => {
      const result = await runAgent(
        ['--interval', 'soon', '--endpoint', 'ftp://example.invalid', '--top-processes=-1'],
        cleanEnvironment({ SENTINEL_API_KEY: 'very-secret-key', SENTINEL_COLLECT_CONTAINERS: 'maybe' }),
      );

      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Invalid setting interval = "soon" (from --interval)');
      expect(result.stderr).toContain('Invalid setting endpoint = "ftp://example.invalid" (from --endpoint)');
      expect(result.stderr).toContain('Invalid setting top_processes = -1 (from --top-processes)');
      expect(result.stderr).toContain('Invalid setting collect_containers = "maybe" (from SENTINEL_COLLECT_CONTAINERS)');
      expect(result.stderr).not.toContain('very-secret-key');
    },
    CHILD_TIMEOUT_MS,
  );
});

describe('sentinel-agent shutdown', () => {
  it(
    'spools unsent reports on SIGTERM and exits 0',
    async () => {
      const directory = await makeTemporaryDirectory('sigterm');
      cleanups.push(directory.remove);
      // A port with no listener, so every send fails and reports stay queued.
      const api = new FakeApi();
      await api.start(0);
      await api.stop();
      const configPath = join(directory.path, 'agent.yml');
      await writeFile(configPath, 'log_level: debug\n');

      const child = spawn(process.execPath, [LAUNCHER, '--interval', '1', '--log-level', 'debug'], {
        env: cleanEnvironment({
          SENTINEL_CONFIG: configPath,
          SENTINEL_ENDPOINT: api.url,
          SENTINEL_API_KEY: 'sigterm-test-key',
          SENTINEL_SPOOL_DIR: directory.path,
          SENTINEL_DOCKER_SOCKET: join(directory.path, 'docker.sock'),
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const failedSend = new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`agent exited early with code ${code}: ${stderr}`)));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          if (stderr.includes('Send reports failed; retrying')) {
            resolve();
          }
        });
      });

      await failedSend;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];

      expect(code).toBe(0);
      expect(stderr).toContain('Stop agent');
      expect(stderr).not.toContain('sigterm-test-key');
      const spooled = await readdir(join(directory.path, 'queue'));
      expect(spooled.length).toBeGreaterThan(0);
    },
    CHILD_TIMEOUT_MS,
  );
});

describe('config loading', () => {
  async function writeConfig(text: string): Promise<string> {
    const directory = await makeTemporaryDirectory('config');
    cleanups.push(directory.remove);
    const path = join(directory.path, 'agent.yml');
    await writeFile(path, text);
    return path;
  }

  it('flags override env override file', async () => {
    const path = await writeConfig('endpoint: http://127.0.0.1:4000\napi_key: from-file\ninterval: 30\ntop_processes: 5\n');

    const config = await loadConfig({
      configPath: path,
      env: { SENTINEL_INTERVAL: '15', SENTINEL_API_KEY: 'from-env' },
      flags: { interval: '5' },
    });

    expect(config.interval).toBe(5);
    expect(config.apiKey).toBe('from-env');
    expect(config.topProcesses).toBe(5);
    expect(config.endpoint).toBe('http://127.0.0.1:4000');
  });

  it('applies documented defaults', async () => {
    const config = await loadConfig({ configPath: await writeConfig('endpoint: http://127.0.0.1:4000\napi_key: k\n') });

    expect(config.interval).toBe(10);
    expect(config.topProcesses).toBe(20);
    expect(config.collectContainers).toBe(true);
    expect(config.dockerSocket).toBe('/var/run/docker.sock');
    expect(config.bufferMaxReports).toBe(8_640);
    expect(config.batchSize).toBe(100);
    expect(config.agentId).toBeUndefined();
    expect(config.interfacesExclude).toContain('veth*');
  });

  it('example file documents the defaults', async () => {
    const examplePath = fileURLToPath(new URL('../sentinel-agent.example.yml', import.meta.url));
    const fromExample = await loadConfig({ configPath: examplePath, env: {} });
    const defaults = await loadConfig({ configPath: await writeConfig(''), env: {}, requireEndpoint: false });

    const { endpoint, apiKey, ...exampleRest } = fromExample;
    expect(endpoint).toBe('https://sentinel.example.com');
    expect(apiKey).toBe('replace-with-your-ingest-key');
    expect(exampleRest).toEqual(defaults);
  });

  it('reports all problems together', async () => {
    const path = await writeConfig('interval: 0\ncolect_containers: true\nbatch_size: 500\n');

    const error = await loadConfig({ configPath: path, env: {} }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toContain(`Unknown setting colect_containers in ${path}`);
    expect(problems.some((problem) => problem.startsWith(`Invalid setting interval = 0 (from ${path})`))).toBe(true);
    expect(problems.some((problem) => problem.startsWith(`Invalid setting batch_size = 500 (from ${path})`))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('Missing setting endpoint'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('Missing setting api_key'))).toBe(true);
  });

  it('empty spool dir disables the spool', async () => {
    const config = await loadConfig({ env: { SENTINEL_SPOOL_DIR: '' }, requireEndpoint: false, configPath: await writeConfig('') });

    expect(config.spoolDir).toBeNull();
  });

  it('splits interface lists on commas', async () => {
    const config = await loadConfig({
      env: { SENTINEL_INTERFACES_EXCLUDE: 'veth*, tap*' },
      requireEndpoint: false,
      configPath: await writeConfig(''),
    });

    expect(config.interfacesExclude).toEqual(['veth*', 'tap*']);
  });
});
