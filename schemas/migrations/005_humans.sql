-- Humans in the loop: the desk of each case in its projection (queue order, assignee), and the style of each message.
ALTER TABLE cases ADD COLUMN desk jsonb;
ALTER TABLE cases ADD COLUMN priority integer NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN queued_at timestamptz;
ALTER TABLE cases ADD COLUMN assignee_id text;
-- The queue: escalated cases, most urgent first, then the longest waiting.
CREATE INDEX cases_queue_idx ON cases (priority DESC, queued_at) WHERE status = 'ESCALATED';
CREATE INDEX cases_assignee_idx ON cases (assignee_id) WHERE status = 'WITH_HUMAN';

ALTER TABLE case_messages ADD COLUMN style text CHECK (style IN ('standard', 'brief'));
