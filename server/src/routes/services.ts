import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Config } from '../config.js';
import type { EventHub } from '../events/hub.js';
import type { EventStreams } from '../events/streams.js';
import type { Limits } from '../http/limits.js';
import type { Outreach } from '../mail/outreach.js';
import type { Storage } from '../storage/index.js';

/** The Fastify instance routes are declared on: TypeBox schemas give their handlers' types. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What route modules are given. A new area (an admin dashboard, webhooks) takes what it needs from here. */
export interface Services {
  storage: Storage;
  config: Config;
  limits: Limits;
  streams: EventStreams;
  /** mail, webhooks and the spam guard */
  outreach: Outreach;
  /** live events and queue notices of every process */
  hub?: EventHub;
}
