-- The knowledge HNSW index rebuilt denser (m 32, ef_construction 200). With hnsw.ef_search 200 (KEFU_KB_EF_SEARCH)
-- it found 92-95 % of the true ten nearest among 100,000 chunks in two runs, where pgvector's defaults found about
-- 70 % (bench/README.md). It takes longer to build: 60-85 s for 100,000 chunks on 2 cores, a moment for the demo.
-- Keep in step with HNSW_INDEX in activities/knowledge/store.ts, which rebuilds it after a re-embed.
DROP INDEX IF EXISTS kb_chunks_embedding_idx;
CREATE INDEX kb_chunks_embedding_idx ON kb_chunks USING hnsw (embedding vector_cosine_ops)
  WITH (m = 32, ef_construction = 200);
