import type { AppInterface, Datastore, Framework, Server, WorkerSystem } from '../model/facts.ts';

/**
 * What a declared distribution (PEP 503 name) tells about the app. This is knowledge, not
 * detection: resolve applies it to the dependency facts the packaging detectors found.
 */

export const FRAMEWORK_PACKAGES: Record<string, { framework: Framework; interface: AppInterface }> = {
  fastapi: { framework: 'fastapi', interface: 'asgi' },
  'fastapi-slim': { framework: 'fastapi', interface: 'asgi' },
  starlette: { framework: 'starlette', interface: 'asgi' },
  litestar: { framework: 'litestar', interface: 'asgi' },
  django: { framework: 'django', interface: 'wsgi' },
  flask: { framework: 'flask', interface: 'wsgi' },
};

export const SERVER_PACKAGES: Record<string, Server> = {
  gunicorn: 'gunicorn',
  uvicorn: 'uvicorn',
  granian: 'granian',
  hypercorn: 'hypercorn',
  daphne: 'daphne',
  uwsgi: 'uwsgi',
  pyuwsgi: 'uwsgi',
  waitress: 'waitress',
};

/** Client libraries and the datastore each one talks to. */
export const DATASTORE_PACKAGES: Record<string, Datastore> = {
  asyncpg: 'postgresql',
  psycopg: 'postgresql',
  'psycopg-binary': 'postgresql',
  'psycopg-c': 'postgresql',
  psycopg2: 'postgresql',
  'psycopg2-binary': 'postgresql',
  pg8000: 'postgresql',
  'aiopg': 'postgresql',
  mysqlclient: 'mysql',
  pymysql: 'mysql',
  aiomysql: 'mysql',
  asyncmy: 'mysql',
  'mysql-connector-python': 'mysql',
  redis: 'redis',
  'redis-py-cluster': 'redis',
  aioredis: 'redis',
  'django-redis': 'redis',
  'channels-redis': 'redis',
  hiredis: 'redis',
  valkey: 'redis',
  pika: 'rabbitmq',
  'aio-pika': 'rabbitmq',
  aiormq: 'rabbitmq',
  pymongo: 'mongodb',
  motor: 'mongodb',
  beanie: 'mongodb',
  mongoengine: 'mongodb',
  odmantic: 'mongodb',
};

/**
 * Packages that make start-up slow and memory large (model weights, big native libraries);
 * they drive a generous startup probe and the memory sizing.
 */
export const ML_PACKAGES = new Set([
  'torch', 'tensorflow', 'tensorflow-cpu', 'tf-keras', 'keras', 'jax', 'jaxlib', 'flax', 'transformers',
  'sentence-transformers', 'diffusers', 'accelerate', 'onnxruntime', 'onnxruntime-gpu', 'spacy', 'vllm',
  'xgboost', 'lightgbm', 'catboost', 'scikit-learn', 'torchvision', 'torchaudio', 'paddlepaddle', 'mxnet',
  'openai-whisper', 'faiss-cpu', 'faiss-gpu', 'llama-cpp-python', 'ultralytics', 'timm',
]);

export const WORKER_PACKAGES: Record<string, WorkerSystem> = {
  celery: 'celery',
  rq: 'rq',
  'django-rq': 'rq',
  dramatiq: 'dramatiq',
  arq: 'arq',
  saq: 'saq',
  huey: 'huey',
};

/** Extras that pull in a datastore client (`celery[redis]`, `dramatiq[rabbitmq]`). */
export const EXTRA_DATASTORES: Record<string, Datastore> = {
  redis: 'redis',
  rabbitmq: 'rabbitmq',
  amqp: 'rabbitmq',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  asyncpg: 'postgresql',
  psycopg: 'postgresql',
  mysql: 'mysql',
  mongodb: 'mongodb',
};
