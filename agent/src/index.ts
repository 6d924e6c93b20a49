export { collectOnce, startAgent, SHUTDOWN_FLUSH_TIMEOUT_MS, type AgentHooks, type RunningAgent } from './agent.ts';
export { ConfigError, loadConfig, parseAgentSettings, type LoadConfigOptions } from './config.ts';
export type { AgentConfig, AgentSettings } from './config-schema.ts';
export { createLogger } from './logger.ts';
export type * from './generated/graphql.ts';
