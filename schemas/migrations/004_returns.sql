-- Returns, exchanges and cancellations: richer commerce data (addresses, variants, payments), return requests, money movements kept exactly once, store credit, labels, CSAT.

-- Customers' addresses and payment methods; a card shows only its brand and last four digits.
CREATE TABLE customer_addresses (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  line1        text NOT NULL,
  line2        text,
  city         text NOT NULL,
  state        text,
  country      text NOT NULL,
  postcode     text,
  is_default   boolean NOT NULL DEFAULT false
);
CREATE INDEX customer_addresses_customer_idx ON customer_addresses (customer_id);

CREATE TABLE payment_methods (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('card', 'paypal', 'gift_card', 'store_credit')),
  brand        text,
  last4        text,
  email        text,
  currency     text
);
CREATE INDEX payment_methods_customer_idx ON payment_methods (customer_id);
-- One store-credit account per customer and currency: credit from any return lands in the same place.
CREATE UNIQUE INDEX payment_methods_store_credit_key ON payment_methods (customer_id, currency) WHERE kind = 'store_credit';

-- Store credit and gift cards: a balance is the sum of its entries and changes only with an entry.
-- business_key is made by the workflow that moves the money, so a retried step writes nothing twice.
CREATE TABLE credit_ledger (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  method_id     text NOT NULL REFERENCES payment_methods (id) ON DELETE CASCADE,
  amount_cents  bigint NOT NULL,
  currency      text NOT NULL,
  business_key  text NOT NULL UNIQUE,
  reason        text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_ledger_method_idx ON credit_ledger (method_id);

-- Products grouped with their variants: free-form options, stock per variant, the Chinese name optional.
ALTER TABLE products ALTER COLUMN name_zh DROP NOT NULL;
ALTER TABLE products ADD COLUMN final_sale boolean NOT NULL DEFAULT false;
CREATE TABLE product_variants (
  sku          text PRIMARY KEY,
  product_sku  text NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
  options      jsonb NOT NULL DEFAULT '{}'::jsonb,
  price        numeric(12, 2),
  stock        integer CHECK (stock IS NULL OR stock >= 0)
);
CREATE INDEX product_variants_product_idx ON product_variants (product_sku);

ALTER TABLE orders ADD COLUMN shipping_address jsonb;
ALTER TABLE orders ADD COLUMN cancel_reason text;
ALTER TABLE order_items ADD COLUMN variant_sku text;

-- Payment history: payments and refunds with the method they used.
CREATE TABLE order_payments (
  id            text PRIMARY KEY,
  order_id      text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('payment', 'refund')),
  method_id     text REFERENCES payment_methods (id),
  method_kind   text NOT NULL CHECK (method_kind IN ('card', 'paypal', 'gift_card', 'store_credit')),
  amount        numeric(12, 2) NOT NULL CHECK (amount >= 0),
  currency      text NOT NULL,
  reference     text,
  at            timestamptz NOT NULL
);
CREATE INDEX order_payments_order_idx ON order_payments (order_id, at);

-- A shipment may have no carrier yet, carries some of the order's lines, and may be cancelled.
ALTER TABLE shipments ALTER COLUMN carrier DROP NOT NULL;
ALTER TABLE shipments ALTER COLUMN tracking_number DROP NOT NULL;
CREATE TABLE shipment_items (
  shipment_id  text NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  line_no      integer NOT NULL,
  quantity     integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (shipment_id, line_no)
);

-- A return or exchange (RMA), one open request per order.
CREATE TABLE return_requests (
  id              text PRIMARY KEY,
  case_id         text,
  order_id        text NOT NULL REFERENCES orders (id),
  customer_id     text NOT NULL REFERENCES customers (id),
  kind            text NOT NULL CHECK (kind IN ('return', 'exchange')),
  status          text NOT NULL CHECK (status IN ('awaiting_parcel', 'received', 'refunded', 'exchanged', 'expired', 'failed')),
  reason          text,
  lines           integer[] NOT NULL,
  refund_to       text,
  amount_cents    bigint NOT NULL,
  currency        text NOT NULL,
  exchange        jsonb,
  label_pdf       bytea,
  label_tracking  text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  received_at     timestamptz
);
CREATE UNIQUE INDEX return_requests_open_order_key ON return_requests (order_id)
  WHERE status IN ('awaiting_parcel', 'received');
CREATE INDEX return_requests_case_idx ON return_requests (case_id);

-- Every refund and charge, one row per business key; the provider call happens once the row exists.
CREATE TABLE money_movements (
  business_key  text PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('refund', 'charge')),
  provider      text NOT NULL CHECK (provider IN ('stripe', 'ledger', 'credit')),
  order_id      text REFERENCES orders (id),
  method_id     text REFERENCES payment_methods (id),
  amount_cents  bigint NOT NULL CHECK (amount_cents > 0),
  currency      text NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined', 'for_finance')),
  provider_ref  text,
  error         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX money_movements_order_idx ON money_movements (order_id);

-- Customer satisfaction, one score per case.
CREATE TABLE case_feedback (
  case_id  text PRIMARY KEY,
  score    integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  at       timestamptz NOT NULL DEFAULT now()
);

-- The warehouse reports parcels received.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
  CHECK (role IN ('agent', 'supervisor', 'admin', 'auditor', 'warehouse'));
