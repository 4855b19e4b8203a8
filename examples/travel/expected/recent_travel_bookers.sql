-- campaign: Recent travel bookers
-- audience: Recent bookers
--
-- Written by hand against crm.recipients and crm.bookings, as a reference for the compiled
-- campaign. today() is the DATE in the session variable `as_of`, the `--as-of` of the run:
--     SET VARIABLE as_of = DATE '2026-06-15';
-- "in last 30 days" on a timestamp: from midnight 30 days before today, up to today's end.
SELECT
    r.crm_id AS crmid,
    r."FirstName" AS first_name,
    r.email AS email
FROM crm.recipients AS r
WHERE r.opted_in
  AND r.country IN ('FR', 'BE')
  AND EXISTS (
        SELECT 1
        FROM crm.bookings AS b
        WHERE b.recipient_id = r.recipient_id
          AND b.booked_at >= getvariable('as_of') - INTERVAL 30 DAY
          AND b.booked_at < getvariable('as_of') + INTERVAL 1 DAY
    )
  AND r.crm_id IS NOT NULL
ORDER BY crmid;
