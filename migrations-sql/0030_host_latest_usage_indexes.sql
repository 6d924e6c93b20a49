-- Rankings of the fleet overview (the five hosts with the highest CPU or memory usage)
-- walk these indexes from the top and stop after a few hosts, where a sort would read
-- every host of the project. The trailing host_id matches the ranking's tie-break.
--
-- The cost is on ingest. Each upsert of a host_latest row writes an entry into both
-- indexes. The indexed usage columns change with every report, so the update is no
-- longer a HOT update and the primary key gets a new entry as well.

CREATE INDEX host_latest_cpu_usage_idx ON host_latest (cpu_usage_percent DESC, host_id);
CREATE INDEX host_latest_memory_usage_idx ON host_latest (memory_usage_percent DESC, host_id);
