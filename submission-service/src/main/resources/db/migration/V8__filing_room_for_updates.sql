-- A draft is updated in place many times (saves, finance imports) and no index covers the
-- columns those updates change: with room left on its page, PostgreSQL writes the new version
-- next to the old one and touches none of the table's five indexes (a "HOT" update). Filled to
-- the brim, every update moved the row to another page and added an entry to every index.
-- Measured on a finance import of 2,000 departments: no update was HOT before; at 80, 93% are,
-- and the import's write statement went from 46 to 30 ms per 1,000 filings
-- (docs/performance.md, target 6). Applies to pages filled from now on; VACUUM FULL would
-- repack existing ones, and is left to the operator.
ALTER TABLE filing SET (fillfactor = 80);
