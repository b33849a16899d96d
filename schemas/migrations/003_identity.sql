-- Identity gate: customer postcodes, every verification attempt, one-time codes, and the development notification outbox.
ALTER TABLE customers ADD COLUMN postcode text;

-- One row per value tried. Counts are rows, not workflow state, so they survive escalations and new cases.
-- value_hash is sha256 of the normalised value: the raw email, phone or code is never stored.
CREATE TABLE identity_attempts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      text NOT NULL,
  attempt_key  text NOT NULL,
  value_hash   text NOT NULL,
  -- e.g. {case:<id>, client:<addr>, order:<id>, customer:<id>}: a failure counts against each of them.
  subjects     text[] NOT NULL,
  succeeded    boolean NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  -- A retried activity re-sends the same key and values, which must count once.
  UNIQUE (attempt_key, value_hash)
);
CREATE INDEX identity_attempts_failed_subjects_idx ON identity_attempts USING gin (subjects) WHERE NOT succeeded;
CREATE INDEX identity_attempts_case_idx ON identity_attempts (case_id, at);

CREATE TABLE verification_codes (
  id           text PRIMARY KEY,
  case_id      text NOT NULL,
  attempt_key  text NOT NULL,
  -- NULL when nobody matched: the challenge still exists so the answer looks the same, and every code fails.
  customer_id  text REFERENCES customers (id),
  code_hash    text NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, attempt_key)
);

-- Nothing here is really sent in development: staff read the outbox through the notifications query.
CREATE TABLE notification_outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key  text NOT NULL UNIQUE,
  channel          text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient        text NOT NULL,
  subject          text NOT NULL,
  body             text NOT NULL,
  case_id          text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz
);
CREATE INDEX notification_outbox_case_idx ON notification_outbox (case_id, id DESC);
CREATE INDEX notification_outbox_unsent_idx ON notification_outbox (id) WHERE sent_at IS NULL;
