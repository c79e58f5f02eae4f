-- The traffic module's rules of an account (R5, CGV 12.1): LOW_ASR, SHORT_CALLS, ABNORMAL_CONSUMPTION, one line each
-- in the module's text form (rule action threshold thresholdSeconds factor minCalls). One row per account; deleting
-- the account deletes it. Plain SQL that both H2 2.x and PostgreSQL 15 accept.

CREATE TABLE account_traffic_rules (
    account_id VARCHAR(64)   NOT NULL,
    rules      VARCHAR(2000) NOT NULL,
    CONSTRAINT account_traffic_rules_pk PRIMARY KEY (account_id),
    CONSTRAINT account_traffic_rules_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
