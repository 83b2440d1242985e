-- Scoring service schema: rubric versions (drafts and frozen published versions), evaluations
-- with their append-only review-score history, and the transactional outbox.

CREATE TABLE rubric (
    code        VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    created_by  VARCHAR(200) NOT NULL
);

CREATE TABLE rubric_version (
    rubric_code   VARCHAR(64)  NOT NULL REFERENCES rubric(code),
    version       INT          NOT NULL CHECK (version > 0),
    status        VARCHAR(16)  NOT NULL CHECK (status IN ('DRAFT','PUBLISHED')),
    definition    JSONB        NOT NULL,
    content_hash  VARCHAR(64),
    created_at    TIMESTAMPTZ  NOT NULL,
    created_by    VARCHAR(200) NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    published_at  TIMESTAMPTZ,
    published_by  VARCHAR(200),
    PRIMARY KEY (rubric_code, version),
    CONSTRAINT rubric_version_published_has_hash CHECK (status = 'DRAFT' OR content_hash IS NOT NULL)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- A published version is frozen forever: the database refuses to change or delete it, so no
-- code path can alter the rubric an evaluation recorded.
CREATE FUNCTION refuse_published_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'PUBLISHED' THEN
        RAISE EXCEPTION '% of published rubric version %/% is not allowed', TG_OP, OLD.rubric_code, OLD.version
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER rubric_version_published_frozen
    BEFORE UPDATE OR DELETE ON rubric_version
    FOR EACH ROW EXECUTE FUNCTION refuse_published_change();

CREATE TABLE evaluation (
    id                 UUID          PRIMARY KEY,
    -- increments on every change (review scores); carried to reporting as evaluationVersion
    version            BIGINT        NOT NULL,
    official           BOOLEAN       NOT NULL,
    filing_id          UUID          NOT NULL,
    filing_revision    INT           NOT NULL,
    filing_sha256      VARCHAR(64)   NOT NULL,
    department_code    VARCHAR(32)   NOT NULL,
    department_name    VARCHAR(200)  NOT NULL,
    department_group   VARCHAR(100),
    fiscal_year        INT           NOT NULL,
    cycle_id           BIGINT        NOT NULL,
    rubric_code        VARCHAR(64)   NOT NULL,
    rubric_version     INT           NOT NULL,
    rubric_hash        VARCHAR(64)   NOT NULL,
    evaluated_at       TIMESTAMPTZ   NOT NULL,
    updated_at         TIMESTAMPTZ   NOT NULL,
    created_by         VARCHAR(200)  NOT NULL,
    message_id         UUID,
    total_score        NUMERIC(9,2)  NOT NULL,
    self_total_score   NUMERIC(9,2),
    grade              VARCHAR(4)    NOT NULL,
    -- the breakdown: every indicator with computed/self/review/final score and explanation,
    -- the categories, the finance totals and the prior-year filing used, if any
    result             JSONB         NOT NULL,
    CONSTRAINT evaluation_once_per_revision_and_rubric
        UNIQUE (filing_id, filing_revision, rubric_code, rubric_version),
    FOREIGN KEY (rubric_code, rubric_version) REFERENCES rubric_version(rubric_code, version)
);
CREATE INDEX evaluation_year_official ON evaluation(fiscal_year, official);
CREATE INDEX evaluation_filing ON evaluation(filing_id);
CREATE INDEX evaluation_department ON evaluation(department_code, fiscal_year);

CREATE TABLE review_score_history (
    id                 BIGSERIAL     PRIMARY KEY,
    evaluation_id      UUID          NOT NULL REFERENCES evaluation(id),
    evaluation_version BIGINT        NOT NULL,
    indicator_code     VARCHAR(64)   NOT NULL,
    old_score          NUMERIC(9,2),
    new_score          NUMERIC(9,2),
    comment            TEXT,
    actor              VARCHAR(200)  NOT NULL,
    at                 TIMESTAMPTZ   NOT NULL
);
CREATE INDEX review_score_history_evaluation ON review_score_history(evaluation_id, id);

-- Every review score ever entered stays: the database refuses to rewrite the history.
CREATE TRIGGER review_score_history_append_only
    BEFORE UPDATE OR DELETE ON review_score_history
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_score_history_no_truncate
    BEFORE TRUNCATE ON review_score_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE outbox_message (
    id              UUID         PRIMARY KEY,
    type            VARCHAR(64)  NOT NULL,
    aggregate_id    VARCHAR(64)  NOT NULL,
    payload         JSONB        NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX outbox_message_due ON outbox_message(next_attempt_at) WHERE delivered_at IS NULL;
