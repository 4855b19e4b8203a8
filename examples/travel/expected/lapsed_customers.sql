-- campaign: Lapsed customers
-- audience: Lapsed customers
--
-- Written by hand against crm.recipients and crm.bookings, as a reference for the compiled
-- campaign (a draft: its audience is counted, not saved). today() is the DATE in the session
-- variable `as_of`, the `--as-of` of the run:
--     SET VARIABLE as_of = DATE '2026-06-15';
WITH booked_last_year AS (
    SELECT DISTINCT recipient_id
    FROM crm.bookings
    WHERE booked_at >= getvariable('as_of') - INTERVAL 365 DAY
      AND booked_at < getvariable('as_of') + INTERVAL 1 DAY
      AND recipient_id IS NOT NULL
)
SELECT
    r.email AS email,
    r."FirstName" AS first_name,
    r.country AS country,
    r.loyalty_points AS loyalty_points
FROM crm.recipients AS r
WHERE r.opted_in
  AND r.recipient_id IN (SELECT recipient_id FROM crm.bookings)
  AND r.recipient_id NOT IN (SELECT recipient_id FROM booked_last_year)
  AND r.email IS NOT NULL
ORDER BY email;
