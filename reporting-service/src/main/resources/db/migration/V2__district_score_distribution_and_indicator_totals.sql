-- District-wide aggregates kept so that the department trend and the aggregate API's per-indicator
-- queries read a fixed number of rows however many departments a district has (issue 6, target 5).
-- Maintained in the inbox's transaction by deltas (AggregateTables.moveInDistrict), recomputed by
-- the rebuild; a row whose department_count reaches 0 is deleted, so both ways give the same rows.

-- The score distribution of each fiscal year and cycle, at two grains: a department's rank is
-- 1 + the departments in higher whole-point bands + those above it in its own band. That reads at
-- most one row per point of the rubric plus 100 two-decimal scores of one band, where counting the
-- results above it read one row per better department.
CREATE TABLE agg_score_band (
    fiscal_year       INT            NOT NULL,
    cycle_id          BIGINT         NOT NULL,
    score_band        NUMERIC(10,0)  NOT NULL,   -- floor(total_score)
    department_count  INT            NOT NULL,
    PRIMARY KEY (fiscal_year, cycle_id, score_band)
) WITH (fillfactor = 50);

CREATE TABLE agg_score (
    fiscal_year       INT            NOT NULL,
    cycle_id          BIGINT         NOT NULL,
    total_score       NUMERIC(12,2)  NOT NULL,
    department_count  INT            NOT NULL,
    PRIMARY KEY (fiscal_year, cycle_id, total_score)
) WITH (fillfactor = 50);

-- per (year, cycle, indicator) over every group and grade: the additive measures of agg_indicator
-- (counts and sums, not extremes, which a withdrawn result cannot be subtracted from), one row per
-- indicator where agg_indicator has one per indicator, group and grade. A cycle binds one rubric
-- version, so an indicator's names, points and order are the same in every result of a cycle.
CREATE TABLE agg_indicator_district (
    fiscal_year           INT            NOT NULL,
    cycle_id              BIGINT         NOT NULL,
    indicator_code        VARCHAR(64)    NOT NULL,
    indicator_name        VARCHAR(200)   NOT NULL,
    level1_code           VARCHAR(64)    NOT NULL,
    level1_name           VARCHAR(200)   NOT NULL,
    level2_code           VARCHAR(64)    NOT NULL,
    level2_name           VARCHAR(200)   NOT NULL,
    sort_order            INT            NOT NULL,
    points                NUMERIC(12,2)  NOT NULL,
    department_count      INT            NOT NULL,
    final_sum             NUMERIC(18,2)  NOT NULL,
    computed_count        INT            NOT NULL,
    computed_sum          NUMERIC(18,2)  NOT NULL,
    self_count            INT            NOT NULL,
    self_sum              NUMERIC(18,2)  NOT NULL,
    review_count          INT            NOT NULL,
    review_sum            NUMERIC(18,2)  NOT NULL,
    deduction_sum         NUMERIC(18,2)  NOT NULL,
    loss_count            INT            NOT NULL,
    over_scored_count     INT            NOT NULL,
    not_applicable_count  INT            NOT NULL,
    not_computable_count  INT            NOT NULL,
    PRIMARY KEY (fiscal_year, cycle_id, indicator_code)
) WITH (fillfactor = 50);

-- the results already held (the same statements as AggregateTables.recomputeAll)
INSERT INTO agg_score_band (fiscal_year, cycle_id, score_band, department_count)
SELECT fiscal_year, cycle_id, floor(total_score), count(*) FROM result GROUP BY fiscal_year, cycle_id, floor(total_score);

INSERT INTO agg_score (fiscal_year, cycle_id, total_score, department_count)
SELECT fiscal_year, cycle_id, total_score, count(*) FROM result GROUP BY fiscal_year, cycle_id, total_score;

INSERT INTO agg_indicator_district (fiscal_year, cycle_id, indicator_code, indicator_name, level1_code, level1_name,
       level2_code, level2_name, sort_order, points, department_count, final_sum, computed_count, computed_sum,
       self_count, self_sum, review_count, review_sum, deduction_sum, loss_count, over_scored_count,
       not_applicable_count, not_computable_count)
SELECT fiscal_year, cycle_id, indicator_code, max(indicator_name), max(level1_code), max(level1_name), max(level2_code),
       max(level2_name), min(sort_order), max(points), count(*), sum(final_score),
       count(computed_score), coalesce(sum(computed_score), 0), count(self_score), coalesce(sum(self_score), 0),
       count(review_score), coalesce(sum(review_score), 0), sum(deduction), count(*) FILTER (WHERE deduction > 0),
       count(*) FILTER (WHERE over_scored), count(*) FILTER (WHERE not_applicable), count(*) FILTER (WHERE not_computable)
FROM result_indicator GROUP BY fiscal_year, cycle_id, indicator_code;
