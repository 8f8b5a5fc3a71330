-- The claims of one instance are found at its shutdown through delivery_due instead (a claimed
-- delivery is due at its lease end, in the future). This index cost an entry per claim, and with
-- statistics taken while few rows were claimed, PostgreSQL used it for the outcome updates
-- ("where id = ? and claimed_by = ?"), reading every claim of the instance instead of one row.
drop index delivery_claimed_by;
