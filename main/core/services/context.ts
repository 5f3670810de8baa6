/** What every service call receives from the router: the unlocked store and who is acting. */
import type { Knex } from 'knex';
import type { User } from '../../../shared/contract/schemas';
import type { CoreApp } from '../app';
import { actorOf } from '../app';
import type { Actor } from './audit';

export interface ServiceContext {
  app: CoreApp;
  db: Knex;
  user: User;
  now: Date;
}

export function actor(ctx: ServiceContext): Actor {
  return actorOf(ctx.user);
}
