-- The reports module (R10, R13). Plain SQL that both H2 2.x and PostgreSQL 15 accept.

-- R10 (Numéros spéciaux §3): the share of the 08 numbers' service charge paid back to the client, in percent, set by
-- the operator per tier (target 081, 082, 089) or per number (target a national number, which wins over its tier).
CREATE TABLE revenue_share_rate (
    target       VARCHAR(10)  NOT NULL,
    rate_percent NUMERIC(5,2) NOT NULL,
    CONSTRAINT revenue_share_rate_pk PRIMARY KEY (target),
    CONSTRAINT revenue_share_rate_percent CHECK (rate_percent >= 0 AND rate_percent <= 100)
);

-- R10: the months closed (their figures frozen), and each account's outcome of a closed month: earned, carried in
-- from earlier months, payable or carried on, and the number lines as the module wrote them. No foreign key to the
-- account: a closed month is history and outlives the account.
CREATE TABLE revenue_share_month (
    period_month VARCHAR(7)                  NOT NULL,
    closed_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    closed_by VARCHAR(200)                NOT NULL,
    CONSTRAINT revenue_share_month_pk PRIMARY KEY (period_month)
);

CREATE TABLE revenue_share_outcome (
    period_month VARCHAR(7)    NOT NULL,
    account_id       VARCHAR(64)   NOT NULL,
    earned_cents     NUMERIC(18,4) NOT NULL,
    carried_in_cents NUMERIC(18,4) NOT NULL,
    payable          BOOLEAN       NOT NULL,
    lines            TEXT          NOT NULL,
    CONSTRAINT revenue_share_outcome_pk PRIMARY KEY (period_month, account_id),
    CONSTRAINT revenue_share_outcome_month_fk FOREIGN KEY (period_month) REFERENCES revenue_share_month (period_month)
);

-- R13 (CP Téléphonie §1): ranges of numbers ("tranches") reserved for an account, first..last inclusive (10-digit
-- national numbers). The module refuses overlapping ranges; deleting the account releases its ranges.
CREATE TABLE number_range (
    first_number VARCHAR(10)                 NOT NULL,
    last_number  VARCHAR(10)                 NOT NULL,
    account_id   VARCHAR(64)                 NOT NULL,
    created_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    CONSTRAINT number_range_pk PRIMARY KEY (first_number),
    CONSTRAINT number_range_order CHECK (last_number >= first_number),
    CONSTRAINT number_range_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
CREATE INDEX number_range_account_idx ON number_range (account_id);
