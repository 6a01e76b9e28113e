-- Schema of the notes service, applied by `flask --app notes init-db`.
-- Idempotent: safe to run on every deploy.
CREATE TABLE IF NOT EXISTS notes (
    id          bigserial PRIMARY KEY,
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body        text        NOT NULL DEFAULT '',
    tags        text[]      NOT NULL DEFAULT '{}',
    pinned      boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- "Which notes carry tag X?" uses the array containment operator (@>).
CREATE INDEX IF NOT EXISTS notes_tags_idx ON notes USING gin (tags);
CREATE INDEX IF NOT EXISTS notes_updated_at_idx ON notes (updated_at DESC);
