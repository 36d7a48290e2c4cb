-- Schema version 2: the scheduler and the archive.
-- Applied by PlnStore inside one transaction, then PRAGMA user_version = 2.
-- Times are Unix seconds in UTC unless a column says _ms (milliseconds).

-- The sources an event records: one recording per source per event.
CREATE TABLE event_sources (
  id        INTEGER PRIMARY KEY,
  event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  uri       TEXT NOT NULL,
  UNIQUE (event_id, uri)
);
CREATE INDEX event_sources_event ON event_sources (event_id, position);

-- The one scheduler that owns this database's schedule. It renews its lease
-- with a heartbeat; another instance may take over once expires_at_ms has
-- passed, so a killed scheduler never locks the schedule for good.
CREATE TABLE scheduler_lease (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  owner         TEXT NOT NULL,
  acquired_at   INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
);

-- What the scheduler did or could not do, for the technician to read:
-- a start missed while nothing ran is reported here, never hidden.
CREATE TABLE schedule_log (
  id        INTEGER PRIMARY KEY,
  event_id  INTEGER REFERENCES events (id) ON DELETE CASCADE,
  source_id INTEGER REFERENCES event_sources (id) ON DELETE SET NULL,
  at        INTEGER NOT NULL,
  kind      TEXT NOT NULL
            CHECK (kind IN ('started', 'stopped', 'resumed', 'missed', 'failed', 'probed')),
  message   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX schedule_log_event ON schedule_log (event_id, at);

-- Post-processing jobs (packaging) of recordings.
CREATE TABLE archive_jobs (
  id           INTEGER PRIMARY KEY,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  state        TEXT NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  progress     REAL NOT NULL DEFAULT 0,
  error        TEXT NOT NULL DEFAULT '',
  attempts     INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  finished_at  INTEGER
);
CREATE INDEX archive_jobs_state ON archive_jobs (state, id);

-- Which source of its event a recording captures; when its raw segments
-- were removed by the retention policy.
ALTER TABLE recordings ADD COLUMN source_id INTEGER REFERENCES event_sources (id) ON DELETE SET NULL;
ALTER TABLE recordings ADD COLUMN raw_removed_at INTEGER;

-- Full-text search over recordings. Every column holds text folded by
-- Plenary (lowercase, no diacritics, đ → d) so that "dong trieu" finds
-- "Đông Triều"; the rowid is the recording's id. Plenary refreshes a row
-- whenever the recording, its chapters or its event change.
CREATE VIRTUAL TABLE recordings_fts USING fts5 (
  title, description, agenda, chapters, speakers, sites,
  tokenize = 'unicode61 remove_diacritics 2'
);
