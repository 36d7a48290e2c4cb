-- Where a recording's link was lost, in milliseconds of the recording (the
-- clock of its manifest, which chapters use too). The packaged video closes
-- its timeline over each gap, so a chapter marked after a gap plays earlier
-- than its recording offset by the length of the gaps before it; the store
-- needs the gaps to put chapters and course items on the played timeline.
CREATE TABLE recording_gaps (
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  start_ms     INTEGER NOT NULL,
  end_ms       INTEGER NOT NULL CHECK (end_ms >= start_ms)
);
CREATE INDEX recording_gaps_recording ON recording_gaps (recording_id, start_ms);
