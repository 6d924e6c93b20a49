import { AlertRuleService } from '../alerts/rule-service.ts';
import { KeyService } from '../auth/key-service.ts';
import type { GraphQLContext } from '../context.ts';
import { GroupService } from '../hosts/group-service.ts';
import { HostService } from '../hosts/host-service.ts';
import type { Services } from '../services.ts';

type DomainServices = { hosts: HostService; groups: GroupService; alertRules: AlertRuleService; keys: KeyService };

// The management services hold no state of their own, so one set per process-wide
// Services object is made on first use.
const domainByServices = new WeakMap<Services, DomainServices>();

export function domain(ctx: GraphQLContext): DomainServices {
  const services = ctx.services;
  let found = domainByServices.get(services);
  if (!found) {
    found = {
      hosts: new HostService(services.prisma, services.pool, services.logger.child({ component: 'hosts' })),
      groups: new GroupService(services.prisma, services.pool, services.logger.child({ component: 'host-groups' })),
      alertRules: new AlertRuleService(services.prisma, services.logger.child({ component: 'alert-rules' })),
      keys: new KeyService(services.prisma, services.authenticator, services.logger.child({ component: 'api-keys' })),
    };
    domainByServices.set(services, found);
  }
  return found;
}
