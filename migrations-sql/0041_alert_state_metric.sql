-- The metric of the rule when a state was last saved. Changing a rule's metric, say from
-- cpu_usage to memory_usage, ends the states of the old metric at the next evaluation:
-- a firing cpu alert resolves instead of carrying on as a memory alert without a new
-- firing notification. NULL for states saved before this column, which are kept.
ALTER TABLE alert_states ADD COLUMN metric text;
