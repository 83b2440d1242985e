-- A filing's department totals (汇总) are kept next to its content, so that reading a filing does
-- not parse the whole content to add them up (docs/performance.md, target 1). The service writes
-- them together with every content it writes (FinanceTotals.of). The function below is the same
-- rule in SQL, for the rows that existed before this migration and for rows inserted by SQL that
-- leave the column out (copies, repairs): each figure summed over the sub-units that give it, a
-- section null when no sub-unit gives it, no totals at all without finance figures. It is too slow
-- (a few hundred microseconds a row) to run on every write of the service, which computes the
-- totals anyway. Whoever rewrites content by SQL must also set
-- finance_totals = filing_finance_totals(content).

ALTER TABLE filing ADD COLUMN finance_totals JSONB;

CREATE FUNCTION filing_finance_totals(content JSONB) RETURNS JSONB
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN count(*) = 0 THEN NULL ELSE jsonb_build_object(
        'income', CASE WHEN count(i) = 0 THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
            'carryOver', sum((i->>'carryOver')::numeric),
            'publicFiscal', sum((i->>'publicFiscal')::numeric),
            'governmentFund', sum((i->>'governmentFund')::numeric),
            'specialAccountNonTax', sum((i->>'specialAccountNonTax')::numeric),
            'other', sum((i->>'other')::numeric),
            'total', sum((i->>'total')::numeric))) END,
        'expenditure', CASE WHEN count(x) = 0 THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
            'personnel', sum((x->>'personnel')::numeric),
            'publicUse', sum((x->>'publicUse')::numeric),
            'basic', sum((x->>'basic')::numeric),
            'project', sum((x->>'project')::numeric),
            'total', sum((x->>'total')::numeric),
            'balanceOfYear', sum((x->>'balanceOfYear')::numeric),
            'accumulatedBalance', sum((x->>'accumulatedBalance')::numeric))) END,
        'threePublic', CASE WHEN count(t) = 0 THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
            'reception', sum((t->>'reception')::numeric),
            'vehicleOperation', sum((t->>'vehicleOperation')::numeric),
            'vehiclePurchase', sum((t->>'vehiclePurchase')::numeric),
            'overseasTravel', sum((t->>'overseasTravel')::numeric),
            'total', sum((t->>'total')::numeric))) END,
        'fixedAssets', CASE WHEN count(a) = 0 THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
            'inUse', sum((a->>'inUse')::numeric),
            'leasedOut', sum((a->>'leasedOut')::numeric),
            'other', sum((a->>'other')::numeric),
            'total', sum((a->>'total')::numeric))) END) END
    FROM jsonb_array_elements(CASE jsonb_typeof(content->'finance') WHEN 'array' THEN content->'finance' ELSE '[]' END) AS e(f),
         LATERAL (SELECT nullif(f->'income', 'null'), nullif(f->'expenditure', 'null'),
                         nullif(f->'threePublic', 'null'), nullif(f->'fixedAssets', 'null')) AS s(i, x, t, a)
$$;

UPDATE filing SET finance_totals = filing_finance_totals(content);

-- search_path fixed to this schema's: the trigger also runs for sessions that do not name it
CREATE FUNCTION fill_finance_totals() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.finance_totals := filing_finance_totals(NEW.content);
    RETURN NEW;
END;
$$;

-- the service always gives the totals of content with finance figures, so this runs only for
-- inserts that leave them out
CREATE TRIGGER filing_finance_totals_when_missing
    BEFORE INSERT ON filing
    FOR EACH ROW WHEN (NEW.finance_totals IS NULL AND NEW.content ? 'finance')
    EXECUTE FUNCTION fill_finance_totals();
