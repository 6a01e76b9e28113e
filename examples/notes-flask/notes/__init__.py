"""notes: a JSON API for short notes, backed by PostgreSQL.

Production:  gunicorn 'notes:create_app()' --bind 0.0.0.0:8000 --workers 2
Schema:      flask --app notes init-db
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from notes import api, db


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Application factory: gunicorn calls it once in every worker process."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev-only-insecure-secret-key"),
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/notes"),
        DB_POOL_MIN_SIZE=int(os.environ.get("DB_POOL_MIN_SIZE", "1")),
        DB_POOL_MAX_SIZE=int(os.environ.get("DB_POOL_MAX_SIZE", "5")),
    )
    if test_config is not None:
        app.config.update(test_config)

    # Keep JSON keys in column order (id, title, ...) rather than sorted.
    app.json.sort_keys = False  # type: ignore[attr-defined]

    db.init_app(app)
    app.register_blueprint(api.bp)

    # Errors as JSON too (404 on an unknown id, 405, 400 on bad JSON...),
    # since every client of this service speaks JSON.
    @app.errorhandler(HTTPException)
    def json_error(exc: HTTPException) -> tuple[Any, int]:
        return jsonify(error=exc.name, message=exc.description), exc.code or 500

    return app
