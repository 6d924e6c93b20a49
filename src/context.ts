import type { Principal } from './auth/authenticator.ts';
import type { Services } from './services.ts';

/** Per-request GraphQL context: the caller and the process-wide services. */
export type GraphQLContext = {
  principal: Principal | null;
  services: Services;
  requestId: string;
};
