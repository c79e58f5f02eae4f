-- The billing dates of an account, for the call records' retention (CGV 9.2: kept 6 months from the invoice date).
-- activated_on: the activation of the client's first service, its "date anniversaire" (CGV art. 2), whose day of the
-- month is the monthly invoice day; invoice_day: the day the back office set, which wins over it. Both NULL when not
-- known (the purge then keeps an account's records as long as any invoice day would). Plain SQL that both H2 2.x and
-- PostgreSQL 15 accept. V8 and not V7: V7 is the PostgreSQL records' index change (db/vendor/postgresql).

ALTER TABLE account ADD COLUMN activated_on DATE;
ALTER TABLE account ADD COLUMN invoice_day INTEGER;
ALTER TABLE account ADD CONSTRAINT account_invoice_day_in_month CHECK (invoice_day BETWEEN 1 AND 31);
