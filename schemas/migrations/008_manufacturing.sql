-- Manufacturing support: troubleshooting trees (versioned), service tickets, device purchase dates, gateway
-- readings by id, maintenance policies, records and outreach, and the `device` API key role.

-- One row per imported version of a tree; a case pins (id, version) and carries the document itself.
CREATE TABLE troubleshooting_trees (
  id            text NOT NULL,
  version       integer NOT NULL,
  title_en      text NOT NULL,
  title_zh      text NOT NULL,
  -- Models and product categories the tree applies to (empty: any).
  models        text[] NOT NULL DEFAULT '{}',
  products      text[] NOT NULL DEFAULT '{}',
  -- Error codes (upper case, e.g. E3) and lower-cased keywords that pick this tree for a symptom.
  codes         text[] NOT NULL DEFAULT '{}',
  keywords      text[] NOT NULL DEFAULT '{}',
  document      jsonb NOT NULL,
  -- sha256 of the normalised document: importing the same tree again makes no new version.
  content_hash  text NOT NULL,
  source        text,
  imported_by   text,
  imported_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

-- A troubleshooting session of a case: the tree version it pinned, its trail, how it ended, the customer's score.
CREATE TABLE troubleshooting_sessions (
  case_id       text PRIMARY KEY,
  tree_id       text,
  tree_version  integer,
  serial        text,
  model         text,
  symptom       text,
  trail         jsonb NOT NULL DEFAULT '[]'::jsonb,
  outcome       text CHECK (outcome IN ('resolved', 'technician', 'safety', 'knowledge')),
  csat          smallint CHECK (csat BETWEEN 1 AND 5),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Devices: the date of purchase starts the warranty (the install date when none was given).
ALTER TABLE devices ADD COLUMN purchased_at timestamptz;
UPDATE devices SET purchased_at = installed_at WHERE purchased_at IS NULL;

-- Gateways send each reading with their own id; sending it again changes nothing.
ALTER TABLE device_readings ADD COLUMN reading_id text UNIQUE;

-- A technician visit: for a fault the tree could not fix (with the trail) or for due maintenance.
CREATE TABLE service_tickets (
  id              text PRIMARY KEY,
  case_id         text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('repair', 'maintenance')),
  serial          text,
  model           text,
  symptom         text,
  tree_id         text,
  tree_version    integer,
  trail           jsonb NOT NULL DEFAULT '[]'::jsonb,
  warranty        text NOT NULL CHECK (warranty IN ('in_warranty', 'expired', 'unknown')),
  warranty_until  date,
  visit_at        timestamptz,
  status          text NOT NULL DEFAULT 'awaiting_slot' CHECK (status IN ('awaiting_slot', 'booked', 'cancelled')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, kind)
);
CREATE INDEX service_tickets_visit_idx ON service_tickets (visit_at) WHERE status = 'booked';

-- Maintenance per model: every N operating hours / N cycles / N days, or when a reading passes a threshold.
CREATE TABLE maintenance_policies (
  id            text PRIMARY KEY,
  model         text NOT NULL,
  task_en       text NOT NULL,
  task_zh       text NOT NULL,
  every_hours   double precision CHECK (every_hours > 0),
  every_cycles  double precision CHECK (every_cycles > 0),
  every_days    integer CHECK (every_days > 0),
  metric        text,
  threshold     double precision,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (every_hours IS NOT NULL OR every_cycles IS NOT NULL OR every_days IS NOT NULL OR threshold IS NOT NULL),
  CHECK ((metric IS NULL) = (threshold IS NULL))
);
CREATE INDEX maintenance_policies_model_idx ON maintenance_policies (model);
CREATE INDEX devices_model_idx ON devices (model);

-- Maintenance done: by a technician, or reported by the customer ("already done"); restarts the policy's count.
CREATE TABLE maintenance_records (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  serial      text NOT NULL REFERENCES devices (serial) ON DELETE CASCADE,
  policy_id   text,
  done_at     timestamptz NOT NULL,
  source      text NOT NULL CHECK (source IN ('customer', 'technician', 'import')),
  case_id     text,
  note        text
);
CREATE INDEX maintenance_records_device_idx ON maintenance_records (serial, policy_id, done_at DESC);

-- One outreach per device and due event (its id is the workflow id), and how it ended.
CREATE TABLE maintenance_outreach (
  id          text PRIMARY KEY,
  serial      text NOT NULL,
  policy_id   text NOT NULL,
  due_since   timestamptz NOT NULL,
  status      text NOT NULL DEFAULT 'sent'
              CHECK (status IN ('sent', 'followed_up', 'booked', 'snoozed', 'done', 'ignored')),
  case_ids    text[] NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- IoT gateways post readings with a key of their own role.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
  CHECK (role IN ('agent', 'supervisor', 'admin', 'auditor', 'warehouse', 'device'));
