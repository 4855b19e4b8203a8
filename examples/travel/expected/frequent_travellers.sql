-- campaign: Frequent travellers
-- audience: Frequent travellers
--
-- Written by hand against crm.recipients and crm.bookings, as a reference for the compiled
-- campaign. today() is the DATE in the session variable `as_of`, the `--as-of` of the run:
--     SET VARIABLE as_of = DATE '2026-06-15';
WITH last_year AS (
    SELECT recipient_id, count(*) AS trips, sum(amount) AS spent
    FROM crm.bookings
    WHERE booked_at >= getvariable('as_of') - INTERVAL 365 DAY
      AND booked_at < getvariable('as_of') + INTERVAL 1 DAY
    GROUP BY recipient_id
)
SELECT
    r.crm_id AS crmid,
    r."FirstName" AS first_name,
    r.email AS email,
    r.country AS country
FROM crm.recipients AS r
LEFT JOIN last_year AS y ON y.recipient_id = r.recipient_id
WHERE r.opted_in
  AND r.country IS NOT NULL
  AND coalesce(y.trips, 0) >= 5
  AND y.spent > 10000
  AND r.crm_id IS NOT NULL
ORDER BY crmid;
