import type { Datastore } from '../../model/facts.ts';

/**
 * The datastore a connection URL points at, by its scheme, including SQLAlchemy's
 * `dialect+driver://` form. SQS, SQLite and in-memory brokers need no service, so they give null.
 * @see https://docs.sqlalchemy.org/en/20/core/engines.html#database-urls
 * @see https://docs.celeryq.dev/en/stable/userguide/configuration.html#broker-url
 */
const SCHEMES: Record<string, Datastore> = {
  postgres: 'postgresql',
  postgresql: 'postgresql',
  psql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  redis: 'redis',
  rediss: 'redis',
  'redis-socket': 'redis',
  valkey: 'redis',
  valkeys: 'redis',
  amqp: 'rabbitmq',
  amqps: 'rabbitmq',
  pyamqp: 'rabbitmq',
  librabbitmq: 'rabbitmq',
  mongodb: 'mongodb',
  'mongodb+srv': 'mongodb',
};

export function datastoreOfUrl(url: string): Datastore | null {
  const match = /^\s*([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (match === null) return null;
  const scheme = match[1]!.toLowerCase();
  if (SCHEMES[scheme] !== undefined) return SCHEMES[scheme];
  // `postgresql+asyncpg`, `mysql+pymysql`: the dialect is the part before the driver.
  const dialect = scheme.split('+')[0]!;
  return SCHEMES[dialect] ?? null;
}

/** A URL with its password hidden, for `why` sentences that quote it. */
export function redactUrl(url: string): string {
  return url.replace(/(:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}
