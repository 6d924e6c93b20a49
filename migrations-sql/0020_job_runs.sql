-- Bookkeeping of the background jobs.

-- The newest tick each job claimed. Every process that runs the scheduler wakes at
-- the same tick boundaries, and only the first one to claim a tick runs it. So each
-- tick of a job runs once however many processes there are.
CREATE TABLE job_runs (
  name         text PRIMARY KEY,
  tick_at      timestamptz NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  -- Message of the error that ended the newest run; NULL after a run that succeeded.
  last_error   text
);

-- How far each plain-PostgreSQL rollup has read ingested_reports, by received_at.
-- A rollup recomputes the buckets of every report received after its watermark, so a
-- report delivered hours late still reaches the buckets of its collection time.
CREATE TABLE rollup_watermarks (
  name        text PRIMARY KEY,
  up_to       timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
