import type { Detector } from '../detector.ts';

/**
 * The hand-kept registry of detectors. Package-manager and Python-version detectors run
 * first (they have no enablers); the dependency names they find decide which of the rest run.
 * A meta-test checks that every file in this folder is registered here.
 */

// --- packaging: package managers and Python version ---
import { distribution } from './distribution.ts';
import { pdm } from './pdm.ts';
import { pip } from './pip.ts';
import { pipenv } from './pipenv.ts';
import { poetry } from './poetry.ts';
import { pyproject } from './pyproject.ts';
import { pythonVersion } from './python-version.ts';
import { setuptools } from './setuptools.ts';
import { uv } from './uv.ts';
// --- end packaging ---

// --- frameworks, app targets and endpoints ---
import { django } from './django.ts';
import { endpoints } from './endpoints.ts';
import { fastapi } from './fastapi.ts';
import { flask } from './flask.ts';
import { litestar } from './litestar.ts';
import { starlette } from './starlette.ts';
// --- end frameworks ---

// --- servers, commands, workers and migrations ---
import { procfile } from './procfile.ts';
import { dockerfile } from './dockerfile.ts';
import { compose } from './compose.ts';
import { celery } from './celery.ts';
import { celeryAcks } from './celery-acks.ts';
import { gunicorn } from './gunicorn.ts';
import { alembic } from './alembic.ts';
import { djangoMigrations } from './django-migrations.ts';
import { flaskMigrate } from './flask-migrate.ts';
import { flaskRun } from './flask-run.ts';
import { uvicorn } from './uvicorn.ts';
import { waitress } from './waitress.ts';
import { granian } from './granian.ts';
import { hypercorn } from './hypercorn.ts';
import { daphne } from './daphne.ts';
import { uwsgi } from './uwsgi.ts';
import { dotenv } from './dotenv.ts';
import { rq } from './rq.ts';
import { dramatiq } from './dramatiq.ts';
import { arq } from './arq.ts';
import { saq } from './saq.ts';
// --- end servers ---

export const detectors = [
  // packaging
  pyproject,
  uv,
  poetry,
  pdm,
  pipenv,
  pip,
  setuptools,
  distribution,
  pythonVersion,
  // frameworks
  fastapi,
  starlette,
  litestar,
  flask,
  django,
  endpoints,
  // servers
  procfile,
  dockerfile,
  compose,
  celery,
  celeryAcks,
  gunicorn,
  alembic,
  djangoMigrations,
  flaskMigrate,
  uvicorn,
  waitress,
  granian,
  hypercorn,
  daphne,
  uwsgi,
  // After the server config files: a port they set is the one the container listens on.
  flaskRun,
  dotenv,
  rq,
  dramatiq,
  arq,
  saq,
] as const satisfies readonly Detector[];
