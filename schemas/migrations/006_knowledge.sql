-- Knowledge base: articles, their chunks with embeddings (pgvector HNSW, cosine) and keywords, and knowledge gaps.

CREATE TABLE kb_articles (
  id            text PRIMARY KEY,
  title         text NOT NULL,
  -- Markdown.
  body          text NOT NULL,
  locale        text NOT NULL CHECK (locale IN ('en', 'zh-CN')),
  tags          text[] NOT NULL DEFAULT '{}',
  -- SKUs or categories the article is about.
  products      text[] NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
  version       integer NOT NULL DEFAULT 1,
  -- sha256 of everything imported: the same file imported again changes nothing.
  content_hash  text NOT NULL,
  source        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Only published articles have chunks, so retrieval needs no status filter after the index scan.
CREATE TABLE kb_chunks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id  text NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  -- 'passage': text of the article; 'question': a customer question linked to the article (a resolved gap).
  kind        text NOT NULL DEFAULT 'passage' CHECK (kind IN ('passage', 'question')),
  heading     text,
  text        text NOT NULL,
  locale      text NOT NULL,
  -- The dimension follows the embedding provider (kb_embedding_space); 256 is the offline provider's.
  embedding   vector(256),
  -- Keywords tokenised by Kefu (words, codes such as e3, Han bigrams as ASCII), identical on PostgreSQL and PGlite.
  keywords    tsvector NOT NULL,
  UNIQUE (article_id, kind, seq)
);
CREATE INDEX kb_chunks_embedding_idx ON kb_chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX kb_chunks_keywords_idx ON kb_chunks USING gin (keywords);

-- Which provider, model and dimension the stored vectors come from; a change re-embeds everything.
CREATE TABLE kb_embedding_space (
  only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  provider    text NOT NULL,
  model       text NOT NULL,
  dimensions  integer NOT NULL
);
INSERT INTO kb_embedding_space (provider, model, dimensions) VALUES ('local', 'hashed-256', 256);

-- Questions the knowledge base could not answer (or answered badly), grouped by meaning.
CREATE TABLE kb_gaps (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question             text NOT NULL,
  locale               text NOT NULL,
  -- Untyped: a handful of rows compared in full, re-embedded with the chunks.
  embedding            vector,
  count                integer NOT NULL DEFAULT 1,
  examples             text[] NOT NULL DEFAULT '{}',
  status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_article_id  text REFERENCES kb_articles (id) ON DELETE SET NULL,
  resolved_by          text,
  resolved_at          timestamptz,
  first_seen           timestamptz NOT NULL DEFAULT now(),
  last_seen            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_gaps_status_idx ON kb_gaps (status, last_seen DESC);

-- Each question counted once per message and reason, so a retried activity does not count twice.
CREATE TABLE kb_gap_reports (
  message_id  text NOT NULL,
  reason      text NOT NULL CHECK (reason IN ('no_answer', 'thumbs_down')),
  gap_id      bigint NOT NULL REFERENCES kb_gaps (id) ON DELETE CASCADE,
  case_id     text,
  question    text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, reason)
);

-- A customer's verdict on an answer drawn from the knowledge base.
CREATE TABLE kb_answer_ratings (
  message_id  text PRIMARY KEY,
  case_id     text NOT NULL,
  helpful     boolean NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
