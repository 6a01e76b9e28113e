"""CRUD for notes: /notes (JSON in, JSON out)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request
from psycopg import sql

from notes.db import connection

bp = Blueprint("notes", __name__, url_prefix="/notes")

COLUMNS = "id, title, body, tags, pinned, created_at, updated_at"
EDITABLE = ("title", "body", "tags", "pinned")


def _payload(*, partial: bool) -> dict[str, Any]:
    """Validate the JSON body. ``partial`` (PATCH) makes every field optional."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "body must be a JSON object")
    unknown = sorted(set(data) - set(EDITABLE))
    if unknown:
        abort(400, f"unknown fields: {', '.join(unknown)}")
    if not partial and "title" not in data:
        abort(400, "title is required")
    if "title" in data and not (isinstance(data["title"], str) and 1 <= len(data["title"].strip()) <= 200):
        abort(400, "title must be a string of 1 to 200 characters")
    if "body" in data and not isinstance(data["body"], str):
        abort(400, "body must be a string")
    if "tags" in data:
        tags = data["tags"]
        if not (isinstance(tags, list) and all(isinstance(t, str) and t.strip() for t in tags)):
            abort(400, "tags must be a list of non-empty strings")
        # Tags are case-insensitive labels: store them lower-cased, once each, sorted.
        data["tags"] = sorted({t.strip().lower() for t in tags})
    if "pinned" in data and not isinstance(data["pinned"], bool):
        abort(400, "pinned must be true or false")
    if "title" in data:
        data["title"] = data["title"].strip()
    return data


def _as_json(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["created_at"] = row["created_at"].isoformat()
    row["updated_at"] = row["updated_at"].isoformat()
    return row


@bp.get("")
def list_notes() -> dict[str, Any]:
    """List notes, pinned first then most recently edited; filter by ?q= (text) and ?tag=."""
    limit = min(request.args.get("limit", 50, type=int), 200)
    offset = max(request.args.get("offset", 0, type=int), 0)
    where: list[sql.Composable] = []
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    if q := request.args.get("q", "").strip():
        where.append(sql.SQL("(title ILIKE %(pattern)s OR body ILIKE %(pattern)s)"))
        params["pattern"] = f"%{q}%"
    if tag := request.args.get("tag", "").strip().lower():
        where.append(sql.SQL("tags @> ARRAY[%(tag)s]::text[]"))
        params["tag"] = tag
    query = sql.SQL(
        "SELECT {cols} FROM notes {where}"
        " ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s"
    ).format(
        cols=sql.SQL(COLUMNS),
        where=sql.SQL("WHERE ") + sql.SQL(" AND ").join(where) if where else sql.SQL(""),
    )
    with connection() as conn:
        rows = conn.execute(query, params).fetchall()
    return {"notes": [_as_json(r) for r in rows], "limit": limit, "offset": offset}


@bp.post("")
def create_note() -> tuple[dict[str, Any], int, dict[str, str]]:
    data = _payload(partial=False)
    with connection() as conn:
        row = conn.execute(
            f"INSERT INTO notes (title, body, tags, pinned) VALUES (%s, %s, %s, %s) RETURNING {COLUMNS}",
            (data["title"], data.get("body", ""), data.get("tags", []), data.get("pinned", False)),
        ).fetchone()
    assert row is not None
    return _as_json(row), 201, {"Location": f"/notes/{row['id']}"}


@bp.get("/<int:note_id>")
def get_note(note_id: int) -> dict[str, Any]:
    with connection() as conn:
        row = conn.execute(f"SELECT {COLUMNS} FROM notes WHERE id = %s", (note_id,)).fetchone()
    if row is None:
        abort(404, f"note {note_id} not found")
    return _as_json(row)


@bp.patch("/<int:note_id>")
def update_note(note_id: int) -> dict[str, Any]:
    data = _payload(partial=True)
    if not data:
        abort(400, "nothing to update")
    # Column names come from the EDITABLE whitelist (checked in _payload),
    # values are always bound parameters.
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in data
    )
    query = sql.SQL("UPDATE notes SET {assignments}, updated_at = now() WHERE id = %(id)s RETURNING {cols}").format(
        assignments=assignments, cols=sql.SQL(COLUMNS)
    )
    with connection() as conn:
        row = conn.execute(query, {**data, "id": note_id}).fetchone()
    if row is None:
        abort(404, f"note {note_id} not found")
    return _as_json(row)


@bp.delete("/<int:note_id>")
def delete_note(note_id: int) -> tuple[str, int]:
    with connection() as conn:
        deleted = conn.execute("DELETE FROM notes WHERE id = %s", (note_id,)).rowcount
    if not deleted:
        abort(404, f"note {note_id} not found")
    return "", 204
