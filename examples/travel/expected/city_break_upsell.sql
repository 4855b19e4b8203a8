-- campaign: City break upsell
-- audience: City break bookings
--
-- Written by hand against crm.recipients and crm.bookings, as a reference for the compiled
-- campaign. today() is the DATE in the session variable `as_of`, the `--as-of` of the run:
--     SET VARIABLE as_of = DATE '2026-06-15';
-- One row per booking. Guest bookings (no recipient) fail the opt-in test and have no CRMID.
SELECT
    r.crm_id AS crmid,
    b.destination AS destination,
    b.amount AS amount,
    b.booked_at AS booked_at
FROM crm.bookings AS b
JOIN crm.recipients AS r ON r.recipient_id = b.recipient_id
WHERE b.destination IN ('Lisbon', 'Barcelona', 'Rome', 'Prague')
  AND b.booked_at >= getvariable('as_of') - INTERVAL 90 DAY
  AND b.booked_at < getvariable('as_of') + INTERVAL 1 DAY
  AND b.amount > 2000
  AND r.opted_in
  AND r.country IN ('FR', 'BE', 'NL')
  AND r.crm_id IS NOT NULL
ORDER BY crmid, booked_at, amount;
