import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { InProcessEventBus } from './in-process.ts';
import { RedisEventBus } from './redis.ts';
import type { EventBus } from './types.ts';

/** Creates the event bus: through Redis when REDIS_URL is set, in this process otherwise. */
export function createEventBus(config: Pick<Config, 'redisUrl' | 'redisChannelPrefix'>, logger: Logger): EventBus {
  const busLogger = logger.child({ component: 'events' });
  if (config.redisUrl) return new RedisEventBus(config.redisUrl, config.redisChannelPrefix, busLogger);
  return new InProcessEventBus(busLogger);
}
