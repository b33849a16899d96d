-- Case core: the transcript and the typed case events live in their own append-only tables, keyed for idempotent writes.
CREATE TABLE case_messages (
  case_id  text NOT NULL,
  seq      integer NOT NULL,
  id       text NOT NULL UNIQUE,
  role     text NOT NULL CHECK (role IN ('CUSTOMER', 'AGENT', 'HUMAN', 'SYSTEM')),
  text     text NOT NULL,
  at       timestamptz NOT NULL,
  sources  jsonb,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_events (
  case_id  text NOT NULL,
  seq      integer NOT NULL,
  type     text NOT NULL,
  actor    text NOT NULL CHECK (actor IN ('agent', 'customer', 'human', 'system')),
  at       timestamptz NOT NULL,
  data     jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_events_type_idx ON case_events (type, at DESC);

-- The projection no longer copies the conversation on every turn.
ALTER TABLE cases DROP COLUMN messages;
ALTER TABLE cases ADD COLUMN flow text;
ALTER TABLE cases ADD COLUMN recent_messages jsonb NOT NULL DEFAULT '[]'::jsonb;
