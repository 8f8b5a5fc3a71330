-- What one intake writes, in one transaction: the message (1 KB JSON body) and its three
-- PENDING deliveries. Run by bench/run with
--   pgbench -n -M prepared -c 8 -j 2 -T 10 -f bench/intake.sql
-- against a copy of the schema (ceiling.message, ceiling.delivery: same columns, indexes and
-- foreign key). The product also reads the node table for routing in the same transaction and
-- sends the three delivery inserts as one JDBC batch; this script does neither, so it is an
-- upper bound for what the database can take.
\set p random(1, 32)
BEGIN;
INSERT INTO ceiling.message (id, event_type, producer, content_type, body_size, body, body_sha256, idempotency_key, created_at)
  VALUES (gen_random_uuid(), 'bench.load', 'bench-producer-' || :p, 'application/json', 1024,
          convert_to(rpad('{"type":"bench.load","pad":"', 1022, 'x') || '"}', 'UTF8'),
          '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', NULL, now())
  RETURNING id AS mid \gset
INSERT INTO ceiling.delivery (message_id, node_id, status, attempts, next_attempt_at, created_at) VALUES (:mid, 'bench-a', 'PENDING', 0, now(), now());
INSERT INTO ceiling.delivery (message_id, node_id, status, attempts, next_attempt_at, created_at) VALUES (:mid, 'bench-b', 'PENDING', 0, now(), now());
INSERT INTO ceiling.delivery (message_id, node_id, status, attempts, next_attempt_at, created_at) VALUES (:mid, 'bench-c', 'PENDING', 0, now(), now());
END;
