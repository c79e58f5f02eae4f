-- The tariff of a client's 08 number (R9, contract "Numéros spéciaux" §2): the service charge the caller pays on top
-- of a normal call, and the operator's tariff announcement option. Plain SQL that both H2 2.x and PostgreSQL 15
-- accept. Whether a charge is legal for the number (ARCEP's ceilings) is checked by the admin API before the write.
--
-- charge_cents NULL means no tariff: an ordinary number, or an 08 number whose tariff was never set (rows of
-- before this migration). 0 is the tariff of a 080x (free) or 0806-0809 (normal price) number.
-- announcement_off_at/_by say when and by whom the client switched the announcement off (the client then
-- announces its tariff itself, under its own responsibility); both are NULL while it is on.

ALTER TABLE did_number ADD COLUMN charge_cents INTEGER;
ALTER TABLE did_number ADD COLUMN charge_unit VARCHAR(8);
ALTER TABLE did_number ADD COLUMN announcement BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE did_number ADD COLUMN announcement_off_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE did_number ADD COLUMN announcement_off_by VARCHAR(200);

ALTER TABLE did_number ADD CONSTRAINT did_number_charge_not_negative CHECK (charge_cents >= 0);
-- CASE rather than IN (...): see trunk_kind_known in V1 (H2 2.4 binds value sets to the creating session).
ALTER TABLE did_number ADD CONSTRAINT did_number_charge_unit_known
    CHECK (charge_unit IS NULL OR (CASE charge_unit WHEN 'MINUTE' THEN 1 WHEN 'CALL' THEN 1 ELSE 0 END) = 1);
-- A switch-off time and author only while the option is off.
ALTER TABLE did_number ADD CONSTRAINT did_number_announcement_off_only
    CHECK (announcement = FALSE OR (announcement_off_at IS NULL AND announcement_off_by IS NULL));
-- Without a tariff there is no unit, and no option to switch off.
ALTER TABLE did_number ADD CONSTRAINT did_number_tariff_complete
    CHECK (charge_cents IS NOT NULL OR (charge_unit IS NULL AND announcement = TRUE));
