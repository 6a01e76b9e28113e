"""The notes API against a real PostgreSQL database."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient


def _create(client: FlaskClient, **fields: Any) -> dict[str, Any]:
    resp = client.post("/notes", json=fields)
    assert resp.status_code == 201, resp.get_json()
    assert resp.headers["Location"] == f"/notes/{resp.get_json()['id']}"
    return resp.get_json()


def test_create_and_get(client: FlaskClient) -> None:
    note = _create(client, title="  Groceries ", body="eggs, milk", tags=["Home", "home", "errands"])
    assert note["title"] == "Groceries"
    assert note["tags"] == ["errands", "home"]  # normalised: lower-case, unique, sorted
    assert note["pinned"] is False

    fetched = client.get(f"/notes/{note['id']}").get_json()
    assert fetched == note


def test_list_orders_pinned_first_and_filters(client: FlaskClient) -> None:
    a = _create(client, title="Kubernetes probes", body="liveness vs readiness", tags=["k8s"])
    b = _create(client, title="Dentist", body="Tuesday 9:00", tags=["health"])
    c = _create(client, title="Gunicorn workers", body="2 * cores + 1", tags=["k8s", "python"], pinned=True)

    ids = [n["id"] for n in client.get("/notes").get_json()["notes"]]
    assert ids == [c["id"], b["id"], a["id"]]  # pinned, then most recently updated

    by_tag = client.get("/notes?tag=K8S").get_json()["notes"]
    assert {n["id"] for n in by_tag} == {a["id"], c["id"]}
    by_text = client.get("/notes?q=readiness").get_json()["notes"]
    assert [n["id"] for n in by_text] == [a["id"]]
    both = client.get("/notes?q=workers&tag=python").get_json()["notes"]
    assert [n["id"] for n in both] == [c["id"]]
    page = client.get("/notes?limit=1&offset=1").get_json()
    assert [n["id"] for n in page["notes"]] == [b["id"]] and page["limit"] == 1


def test_update(client: FlaskClient) -> None:
    note = _create(client, title="Draft", body="v1")
    resp = client.patch(f"/notes/{note['id']}", json={"body": "v2", "pinned": True})
    assert resp.status_code == 200
    updated = resp.get_json()
    assert updated["title"] == "Draft" and updated["body"] == "v2" and updated["pinned"] is True
    assert updated["updated_at"] > note["updated_at"]


def test_delete(client: FlaskClient) -> None:
    note = _create(client, title="Temporary")
    assert client.delete(f"/notes/{note['id']}").status_code == 204
    assert client.get(f"/notes/{note['id']}").status_code == 404
    assert client.delete(f"/notes/{note['id']}").status_code == 404


def test_missing_note_is_a_json_404(client: FlaskClient) -> None:
    resp = client.get("/notes/12345")
    assert resp.status_code == 404
    assert resp.get_json() == {"error": "Not Found", "message": "note 12345 not found"}
    assert client.patch("/notes/12345", json={"title": "x"}).status_code == 404


@pytest.mark.parametrize(
    "payload, message",
    [
        (None, "body must be a JSON object"),
        ({"body": "no title"}, "title is required"),
        ({"title": ""}, "title must be a string of 1 to 200 characters"),
        ({"title": "x" * 201}, "title must be a string of 1 to 200 characters"),
        ({"title": "ok", "tags": "k8s"}, "tags must be a list of non-empty strings"),
        ({"title": "ok", "pinned": "yes"}, "pinned must be true or false"),
        ({"title": "ok", "owner": "me"}, "unknown fields: owner"),
    ],
)
def test_validation(client: FlaskClient, payload: Any, message: str) -> None:
    resp = client.post("/notes", json=payload) if payload is not None else client.post("/notes", data="nope")
    assert resp.status_code == 400
    assert resp.get_json()["message"] == message


def test_empty_patch_is_rejected(client: FlaskClient) -> None:
    note = _create(client, title="Keep")
    assert client.patch(f"/notes/{note['id']}", json={}).status_code == 400


def test_init_db_is_idempotent(app: Flask, database_url: str) -> None:
    # Run on every deploy (e.g. as an init container): a second run changes nothing.
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "up to date" in result.output
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'notes'").fetchone() == (1,)
