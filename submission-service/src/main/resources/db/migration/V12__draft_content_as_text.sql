-- A draft's content is rewritten whole by this service many times (create, every save, every
-- finance import), always from its own canonical JSON writer, and read whole by it. As JSON,
-- PostgreSQL parsed every content on each of those writes only to check it: about 15 µs for a
-- 7.8 KB content on the benchmark's machine, 30 ms of database time for an import into 2,000
-- filled-in drafts (bench/analysis.md, "seventh session"). As text it is stored as written,
-- checked to be UTF-8 only. A submitted revision stays JSON: it is frozen once, at submit, and
-- PostgreSQL checks it there, as the official record the FilingSubmitted message carries.
--
-- The service owns this schema (docs/architecture.md, "Who owns what"), and its reads rely on
-- every draft it wrote being JSON: a read of a filing writes the stored text into the response as
-- its content without parsing it again. Whoever writes a draft's content by SQL all the same must
-- check it is one JSON object themselves: anything else would be served as it is (a broken
-- response, or fields beside the content), and refused only at submit or at the next import.
--
-- Changing the type rewrites the table and its indexes once, under an exclusive lock, at the
-- upgrade. The storage is set in the same statement: a type change resets it to the type's
-- default (compressed), and the rewrite would otherwise compress every existing content.

-- the trigger's condition names the content: it is rebuilt around the change of type
DROP TRIGGER filing_finance_totals_when_missing ON filing;

ALTER TABLE filing
    ALTER COLUMN content TYPE text USING content::text,
    ALTER COLUMN content SET STORAGE EXTERNAL;

-- the SQL rule for finance totals keeps working on the content as it is now stored, for
-- whoever rewrites content by SQL: finance_totals = filing_finance_totals(content); with the
-- schema's search path, so that a session without it still reaches the jsonb version
CREATE FUNCTION filing_finance_totals(content TEXT) RETURNS JSONB
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT filing_finance_totals(content::jsonb)
$$;

CREATE TRIGGER filing_finance_totals_when_missing
    BEFORE INSERT ON filing
    FOR EACH ROW WHEN (NEW.finance_totals IS NULL AND NEW.content::jsonb ? 'finance')
    EXECUTE FUNCTION fill_finance_totals();
