-- R12 (CGV 10.2, GTR): an account's monthly subscription, the base of the restoration-time penalties, and the incident
-- tickets whose business-hours restoration time the incidents module measures. Plain SQL that both H2 2.x and
-- PostgreSQL 15 accept. Instants are TIMESTAMP(3) WITH TIME ZONE, written truncated to the millisecond (see V3).

-- monthly_subscription_cents: euro cents HT; NULL when the back office did not set it (no penalty amount then).
ALTER TABLE account ADD COLUMN monthly_subscription_cents BIGINT;
ALTER TABLE account ADD CONSTRAINT account_monthly_subscription_not_negative CHECK (monthly_subscription_cents >= 0);

-- One row per incident ticket; restored_at NULL while the service is not restored. Deleting the account deletes its
-- tickets (as its suspensions).
CREATE TABLE incident (
    id          VARCHAR(32)                 NOT NULL,
    account_id  VARCHAR(64)                 NOT NULL,
    service     VARCHAR(200)                NOT NULL,
    opened_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    restored_at TIMESTAMP(3) WITH TIME ZONE,
    notes       VARCHAR(4000)               NOT NULL,
    created_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(200)                NOT NULL,
    CONSTRAINT incident_pk PRIMARY KEY (id),
    CONSTRAINT incident_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT incident_restored_after_opened CHECK (restored_at IS NULL OR restored_at >= opened_at)
);

CREATE INDEX incident_account_idx ON incident (account_id, opened_at);
