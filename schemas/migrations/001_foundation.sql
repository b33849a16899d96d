-- Foundation: the reference commerce store, devices, case projections, case tokens and staff API keys.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE customers (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  email       text,
  phone       text,
  locale      text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'zh-CN')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Email is stored lower-cased and phone as digits with an optional leading +, so lookups are exact matches.
CREATE UNIQUE INDEX customers_email_key ON customers (email) WHERE email IS NOT NULL;
CREATE INDEX customers_phone_idx ON customers (phone) WHERE phone IS NOT NULL;

CREATE TABLE products (
  sku         text PRIMARY KEY,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  category    text NOT NULL,
  options     jsonb NOT NULL DEFAULT '{}'::jsonb,
  price       numeric(12, 2) NOT NULL CHECK (price >= 0),
  currency    text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id                 text PRIMARY KEY,
  customer_id        text NOT NULL REFERENCES customers (id),
  placed_at          timestamptz NOT NULL,
  status             text NOT NULL,
  currency           text NOT NULL,
  total              numeric(12, 2) NOT NULL,
  payment_reference  text,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at DESC);

CREATE TABLE order_items (
  order_id    text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no     integer NOT NULL,
  sku         text NOT NULL REFERENCES products (sku),
  quantity    integer NOT NULL CHECK (quantity > 0),
  unit_price  numeric(12, 2) NOT NULL,
  options     jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE shipments (
  id               text PRIMARY KEY,
  order_id         text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  carrier          text NOT NULL,
  tracking_number  text NOT NULL UNIQUE,
  status           text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipments_order_idx ON shipments (order_id);

CREATE TABLE shipment_events (
  shipment_id  text NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  seq          integer NOT NULL,
  at           timestamptz NOT NULL,
  status       text NOT NULL,
  location     text,
  description  text NOT NULL,
  PRIMARY KEY (shipment_id, seq)
);

CREATE TABLE devices (
  serial        text PRIMARY KEY,
  model         text NOT NULL,
  customer_id   text NOT NULL REFERENCES customers (id),
  installed_at  timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device_readings (
  serial  text NOT NULL REFERENCES devices (serial) ON DELETE CASCADE,
  at      timestamptz NOT NULL,
  metric  text NOT NULL,
  value   double precision NOT NULL,
  PRIMARY KEY (serial, metric, at)
);

-- Read projection of each case workflow; Temporal stays the source of truth.
CREATE TABLE cases (
  id             text PRIMARY KEY,
  status         text NOT NULL,
  locale         text NOT NULL,
  channel        text NOT NULL,
  customer_id    text,
  intent         text,
  sentiment      jsonb,
  slots          jsonb NOT NULL DEFAULT '{}'::jsonb,
  customer       jsonb,
  messages       jsonb NOT NULL DEFAULT '[]'::jsonb,
  message_count  integer NOT NULL DEFAULT 0,
  version        bigint NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  closed_at      timestamptz
);
CREATE INDEX cases_updated_idx ON cases (updated_at DESC, id DESC);
CREATE INDEX cases_status_idx ON cases (status, updated_at DESC);
CREATE INDEX cases_customer_idx ON cases (customer_id, updated_at DESC);

CREATE TABLE case_tokens (
  token_hash  text PRIMARY KEY,
  case_id     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_tokens_case_idx ON case_tokens (case_id);

CREATE TABLE api_keys (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin', 'auditor')),
  key_hash      text NOT NULL UNIQUE,
  key_prefix    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
