-- Pre-sales shopping guide and changes to unshipped orders: product details and embeddings, browsing history, recommendations shown, order changes.

-- What a shopping guide needs to know about a product: a description per language, facts ("weight": "280 g"), the
-- uses it suits (tags such as 'elderly', 'running'), stock for products sold without variants, and whether
-- customers buy it again (consumables) or once (an appliance is not recommended to someone who owns it).
ALTER TABLE products ADD COLUMN description jsonb;
ALTER TABLE products ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE products ADD COLUMN uses text[] NOT NULL DEFAULT '{}';
ALTER TABLE products ADD COLUMN stock integer CHECK (stock IS NULL OR stock >= 0);
ALTER TABLE products ADD COLUMN repeat_purchase boolean NOT NULL DEFAULT false;

-- Similarity by meaning. Untyped like kb_gaps: the catalogue is small enough for an exact scan, and the dimension
-- follows the embedding provider; content_hash says when a product's text changed and its vector must be redone.
CREATE TABLE product_embeddings (
  sku           text PRIMARY KEY REFERENCES products (sku) ON DELETE CASCADE,
  embedding     vector NOT NULL,
  content_hash  text NOT NULL
);

-- Browsing history from the shop front, one row per view id, so a view sent twice counts once.
CREATE TABLE product_views (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  sku          text NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
  viewed_at    timestamptz NOT NULL
);
CREATE INDEX product_views_customer_idx ON product_views (customer_id, viewed_at DESC);

-- Every recommendation shown in a case, with its reasons; a later order of the product by the same customer is
-- attributed to the case (recommendation_conversions).
CREATE TABLE recommendations_shown (
  case_id      text NOT NULL,
  sku          text NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
  customer_id  text REFERENCES customers (id) ON DELETE CASCADE,
  rank         integer NOT NULL,
  reasons      jsonb NOT NULL DEFAULT '[]'::jsonb,
  shown_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, sku)
);
CREATE INDEX recommendations_shown_customer_idx ON recommendations_shown (customer_id, sku);

-- The first order of a shown product placed by that customer after it was shown.
CREATE VIEW recommendation_conversions AS
SELECT DISTINCT ON (r.case_id, r.sku) r.case_id, r.sku, r.customer_id, o.id AS order_id, o.placed_at, r.shown_at
  FROM recommendations_shown r
  JOIN orders o ON o.customer_id = r.customer_id AND o.placed_at >= r.shown_at AND o.status <> 'cancelled'
  JOIN order_items i ON i.order_id = o.id AND i.sku = r.sku
 ORDER BY r.case_id, r.sku, o.placed_at;

-- Changes to paid orders that have not shipped. The id is made by the case, so a retried step writes nothing twice;
-- items may change once per order (a change whose payment failed does not count).
CREATE TABLE order_changes (
  id                text PRIMARY KEY,
  order_id          text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  case_id           text,
  kind              text NOT NULL CHECK (kind IN ('address', 'payment', 'items')),
  status            text NOT NULL CHECK (status IN ('pending', 'applied', 'failed')),
  before            jsonb NOT NULL,
  after             jsonb NOT NULL,
  difference_cents  bigint NOT NULL DEFAULT 0,
  method_id         text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX order_changes_items_once_key ON order_changes (order_id) WHERE kind = 'items' AND status <> 'failed';
CREATE INDEX order_changes_case_idx ON order_changes (case_id);
