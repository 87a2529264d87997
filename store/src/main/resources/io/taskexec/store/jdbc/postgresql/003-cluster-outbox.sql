-- 3: cluster mode. The outbox of status messages for the AMQP 'tasks' exchange.

-- One row per (task, attempt, state) to publish on task.status.<task_id> (and on 'complete' for an
-- end). Rows are written by the trigger below, in the transaction that writes the events, and
-- deleted by the leading coordinator once RabbitMQ has confirmed them.
CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  task_id TEXT COLLATE "C" NOT NULL,
  attempt INTEGER NOT NULL,
  state TEXT NOT NULL,
  event_type TEXT NOT NULL,
  at_ns BIGINT NOT NULL,
  agent_id TEXT,
  message TEXT,
  exit_code INTEGER,
  failure TEXT,
  UNIQUE (task_id, attempt, state)
);

-- The state changes among newly written events go to the outbox; a (task, attempt, state) already
-- there is not added twice. The coordinator attaches one of these functions (trigger
-- events_outbox) when it starts, so stores that are not a cluster's pay nothing: the first reads
-- events one row each (table events), the second events packed per task (table event_packs, whose
-- body is a JSON array of [offset, seq, attempt, type, state, at_ns, agent_id, message, exit_code,
-- failure, data]). Both read the statement's new rows as the transition table new_rows.
CREATE FUNCTION taskexec_outbox() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN INSERT INTO outbox (task_id, attempt, state, event_type, at_ns, agent_id, message, exit_code, failure) SELECT task_id, attempt, state, type, at_ns, agent_id, message, exit_code, failure FROM new_rows WHERE type NOT IN ('PROGRESS', 'SAMPLE', 'LAUNCHED', 'ESCALATED') ORDER BY id ON CONFLICT (task_id, attempt, state) DO NOTHING; RETURN NULL; END $$;
CREATE FUNCTION taskexec_outbox_packs() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN INSERT INTO outbox (task_id, attempt, state, event_type, at_ns, agent_id, message, exit_code, failure) SELECT p.task_id, (e.v ->> 2)::int, e.v ->> 4, e.v ->> 3, (e.v ->> 5)::bigint, e.v ->> 6, e.v ->> 7, (e.v ->> 8)::int, e.v ->> 9 FROM new_rows p CROSS JOIN LATERAL jsonb_array_elements(p.body::jsonb) AS e(v) WHERE e.v ->> 3 NOT IN ('PROGRESS', 'SAMPLE', 'LAUNCHED', 'ESCALATED') ORDER BY p.id + (e.v ->> 0)::bigint ON CONFLICT (task_id, attempt, state) DO NOTHING; RETURN NULL; END $$;
