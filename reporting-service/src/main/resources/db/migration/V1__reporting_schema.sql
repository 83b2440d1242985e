-- Reporting service schema: the inbox of EvaluationCompleted messages, the evaluations they
-- carry, each department's current official result per fiscal year and cycle, and the
-- pre-aggregated tables every report reads (maintained in the same transaction as the result).
-- All scores and amounts are NUMERIC with scale 2 (万元 for money), never floating point.
-- dept_group is '' for a department without a group, so that it can be part of a key.

CREATE TABLE inbox_message (
    message_id          UUID         PRIMARY KEY,
    evaluation_id       UUID         NOT NULL,
    evaluation_version  BIGINT       NOT NULL,
    outcome             VARCHAR(16)  NOT NULL,
    received_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- the newest version of every evaluation received, official or not, as it was sent
CREATE TABLE evaluation (
    evaluation_id       UUID         PRIMARY KEY,
    evaluation_version  BIGINT       NOT NULL,
    official            BOOLEAN      NOT NULL,
    filing_id           UUID         NOT NULL,
    filing_revision     INT          NOT NULL,
    department_code     VARCHAR(64)  NOT NULL,
    fiscal_year         INT          NOT NULL,
    cycle_id            BIGINT       NOT NULL,
    evaluated_at        TIMESTAMPTZ  NOT NULL,
    payload             JSONB        NOT NULL,
    received_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX evaluation_by_result_key ON evaluation (fiscal_year, cycle_id, department_code, official);

-- one result per department, fiscal year and cycle: the winning official evaluation
CREATE TABLE result (
    fiscal_year          INT            NOT NULL,
    cycle_id             BIGINT         NOT NULL,
    department_code      VARCHAR(64)    NOT NULL,
    department_name      VARCHAR(200)   NOT NULL,
    dept_group           VARCHAR(100)   NOT NULL,
    evaluation_id        UUID           NOT NULL,
    evaluation_version   BIGINT         NOT NULL,
    filing_id            UUID           NOT NULL,
    filing_revision      INT            NOT NULL,
    rubric_code          VARCHAR(64)    NOT NULL,
    rubric_version       INT            NOT NULL,
    evaluated_at         TIMESTAMPTZ    NOT NULL,
    total_score          NUMERIC(12,2)  NOT NULL,
    self_total_score     NUMERIC(12,2),
    gap                  NUMERIC(12,2),   -- self_total_score - total_score
    grade                VARCHAR(2)     NOT NULL,
    over_scored_count    INT            NOT NULL,
    income_total         NUMERIC(16,2)  NOT NULL,
    expenditure_total    NUMERIC(16,2)  NOT NULL,
    basic_expenditure    NUMERIC(16,2)  NOT NULL,
    project_expenditure  NUMERIC(16,2)  NOT NULL,
    balance_of_year      NUMERIC(16,2)  NOT NULL,
    accumulated_balance  NUMERIC(16,2)  NOT NULL,
    three_public_total   NUMERIC(16,2)  NOT NULL,
    fixed_assets_total   NUMERIC(16,2)  NOT NULL,
    PRIMARY KEY (fiscal_year, cycle_id, department_code)
);
CREATE INDEX result_ranking ON result (fiscal_year, total_score DESC, department_code);
CREATE INDEX result_ranking_in_cycle ON result (fiscal_year, cycle_id, total_score DESC);
CREATE INDEX result_ranking_in_group ON result (fiscal_year, dept_group, total_score DESC);
CREATE INDEX result_gaps ON result (fiscal_year, gap DESC NULLS LAST, department_code);
CREATE INDEX result_by_department ON result (department_code, fiscal_year, cycle_id);
CREATE INDEX result_by_agg_key ON result (fiscal_year, cycle_id, dept_group, grade);

-- the indicators of each current result (the facts of the indicator aggregates)
CREATE TABLE result_indicator (
    fiscal_year      INT            NOT NULL,
    cycle_id         BIGINT         NOT NULL,
    department_code  VARCHAR(64)    NOT NULL,
    indicator_code   VARCHAR(64)    NOT NULL,
    dept_group       VARCHAR(100)   NOT NULL,
    grade            VARCHAR(2)     NOT NULL,
    department_name  VARCHAR(200)   NOT NULL,
    indicator_name   VARCHAR(200)   NOT NULL,
    level1_code      VARCHAR(64)    NOT NULL,
    level1_name      VARCHAR(200)   NOT NULL,
    level2_code      VARCHAR(64)    NOT NULL,
    level2_name      VARCHAR(200)   NOT NULL,
    sort_order       INT            NOT NULL,
    points           NUMERIC(12,2)  NOT NULL,
    computed_score   NUMERIC(12,2),
    self_score       NUMERIC(12,2),
    review_score     NUMERIC(12,2),
    final_score      NUMERIC(12,2)  NOT NULL,
    deduction        NUMERIC(12,2)  NOT NULL,   -- points - final_score, never below 0
    not_computable   BOOLEAN        NOT NULL,
    not_applicable   BOOLEAN        NOT NULL,
    over_scored      BOOLEAN        NOT NULL,
    PRIMARY KEY (fiscal_year, cycle_id, department_code, indicator_code)
);
CREATE INDEX result_indicator_by_agg_key ON result_indicator (fiscal_year, cycle_id, dept_group, grade, indicator_code);
CREATE INDEX result_indicator_by_department ON result_indicator (department_code, fiscal_year);

-- per (year, cycle, group, grade): counts, score sums/extremes, self-assessment gaps, finance sums
CREATE TABLE agg_result (
    fiscal_year              INT            NOT NULL,
    cycle_id                 BIGINT         NOT NULL,
    dept_group               VARCHAR(100)   NOT NULL,
    grade                    VARCHAR(2)     NOT NULL,
    department_count         INT            NOT NULL,
    total_sum                NUMERIC(18,2)  NOT NULL,
    total_min                NUMERIC(12,2),
    total_max                NUMERIC(12,2),
    self_count               INT            NOT NULL,
    self_sum                 NUMERIC(18,2)  NOT NULL,
    self_min                 NUMERIC(12,2),
    self_max                 NUMERIC(12,2),
    gap_sum                  NUMERIC(18,2)  NOT NULL,
    over_count               INT            NOT NULL,   -- departments whose self total exceeds the final total
    income_total             NUMERIC(18,2)  NOT NULL,
    expenditure_total        NUMERIC(18,2)  NOT NULL,
    basic_expenditure        NUMERIC(18,2)  NOT NULL,
    project_expenditure      NUMERIC(18,2)  NOT NULL,
    balance_of_year          NUMERIC(18,2)  NOT NULL,
    accumulated_balance      NUMERIC(18,2)  NOT NULL,
    three_public_total       NUMERIC(18,2)  NOT NULL,
    fixed_assets_total       NUMERIC(18,2)  NOT NULL,
    PRIMARY KEY (fiscal_year, cycle_id, dept_group, grade)
);

-- per (year, cycle, group, grade, indicator): score sums, counts, extremes, losses
CREATE TABLE agg_indicator (
    fiscal_year           INT            NOT NULL,
    cycle_id              BIGINT         NOT NULL,
    dept_group            VARCHAR(100)   NOT NULL,
    grade                 VARCHAR(2)     NOT NULL,
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
    final_min             NUMERIC(12,2),
    final_max             NUMERIC(12,2),
    computed_count        INT            NOT NULL,
    computed_sum          NUMERIC(18,2)  NOT NULL,
    computed_min          NUMERIC(12,2),
    computed_max          NUMERIC(12,2),
    self_count            INT            NOT NULL,
    self_sum              NUMERIC(18,2)  NOT NULL,
    self_min              NUMERIC(12,2),
    self_max              NUMERIC(12,2),
    review_count          INT            NOT NULL,
    review_sum            NUMERIC(18,2)  NOT NULL,
    deduction_sum         NUMERIC(18,2)  NOT NULL,
    loss_count            INT            NOT NULL,   -- departments that lost points on it
    over_scored_count     INT            NOT NULL,
    not_applicable_count  INT            NOT NULL,
    not_computable_count  INT            NOT NULL,
    PRIMARY KEY (fiscal_year, cycle_id, dept_group, grade, indicator_code)
);

-- per department across every year: how its self-assessment compares with its results
CREATE TABLE agg_department (
    department_code   VARCHAR(64)    PRIMARY KEY,
    result_count      INT            NOT NULL,
    self_count        INT            NOT NULL,
    over_count        INT            NOT NULL,
    gap_sum           NUMERIC(18,2)  NOT NULL
);
