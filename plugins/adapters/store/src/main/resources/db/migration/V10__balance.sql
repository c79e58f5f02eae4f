-- The credit side of an account (R3, CGV 8.2): its credit threshold ("seuil d'encours", NULL = the credit module's
-- computed default) and its tariff plan (NULL = none); the billing system's last report of its unpaid amount; the
-- payments the back office recorded since. Plain SQL that both H2 2.x and PostgreSQL 15 accept; instants as in V3.
-- V10: V9 is the tariff plans' (rating), V11 the call records' rating columns (db/vendor).

ALTER TABLE account ADD COLUMN credit_threshold_cents BIGINT;
ALTER TABLE account ADD COLUMN tariff_plan VARCHAR(64);
ALTER TABLE account ADD CONSTRAINT account_credit_threshold_not_negative CHECK (credit_threshold_cents >= 0);

-- One row per account: the last report replaces the previous one (its history is in the audit trail).
CREATE TABLE account_billing (
    account_id   VARCHAR(64)                 NOT NULL,
    unpaid_cents BIGINT                      NOT NULL,
    as_of        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated_by   VARCHAR(200)                NOT NULL,
    CONSTRAINT account_billing_pk PRIMARY KEY (account_id),
    CONSTRAINT account_billing_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT account_billing_unpaid_not_negative CHECK (unpaid_cents >= 0)
);

CREATE TABLE account_payment (
    id           VARCHAR(100)                NOT NULL,
    account_id   VARCHAR(64)                 NOT NULL,
    amount_cents BIGINT                      NOT NULL,
    at           TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    recorded_by  VARCHAR(200)                NOT NULL,
    CONSTRAINT account_payment_pk PRIMARY KEY (id),
    CONSTRAINT account_payment_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT account_payment_positive CHECK (amount_cents > 0)
);

CREATE INDEX account_payment_account_at_idx ON account_payment (account_id, at);
