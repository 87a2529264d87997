-- 3: events packed. One row per task per write of the store, holding that task's events of the
-- write in the order appended (body: a JSON array with one array per event, see Packs). A task's
-- transitions are all kept; a write of thousands of events becomes a few rows per task instead of
-- one row (and one index entry) per event, and no row is updated. The events of earlier versions
-- move into packs of one.

CREATE TABLE event_packs (
  -- the storage id of the pack's first event; the events of one write are numbered in the order
  -- appended, so the packs of one write interleave: a pack's other events have larger ids
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL,
  -- the largest event id and the largest event seq stored by the end of this pack's write, so that
  -- the last pack says where the next write numbers on from
  upto_id INTEGER NOT NULL,
  upto_seq INTEGER NOT NULL,
  -- where the task stands after the pack's last event: its state, attempt, seq and time. The last
  -- pack of a task says where it stands now (no pack: PENDING), so no other row is updated per write
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  at_ns INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX event_packs_by_task ON event_packs (task_id, id);

INSERT INTO event_packs (id, task_id, upto_id, upto_seq, state, attempt, last_seq, at_ns, body)
  SELECT id, task_id, (SELECT MAX(id) FROM events), (SELECT MAX(seq) FROM events), state, attempt, seq, at_ns,
    json_array(json_array(0, seq, attempt, type, state, at_ns, agent_id, message, exit_code, failure, json(data)))
  FROM events ORDER BY id;

DROP TABLE events;
-- the current state is the last pack's
DROP TABLE task_state;

-- The events one row each, unpacked, for people and tools that query the file with SQL.
CREATE VIEW event_rows AS
  SELECT p.id + (e.value ->> 0) AS id, e.value ->> 1 AS seq, p.task_id, e.value ->> 2 AS attempt,
    e.value ->> 3 AS type, e.value ->> 4 AS state, e.value ->> 5 AS at_ns, e.value ->> 6 AS agent_id,
    e.value ->> 7 AS message, e.value ->> 8 AS exit_code, e.value ->> 9 AS failure, e.value -> 10 AS data
  FROM event_packs p, json_each(p.body) e;
