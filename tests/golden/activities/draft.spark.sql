-- camp: campaign Maybe later (draft): a draft saves nothing; each query
-- lists the rows its audience would hold
-- dialect: spark
-- today: 2026-01-31 (fixed)

-- audience Maybe (not saved)
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country IN ('FR', 'BE') AND NOT recipients.opted_in
)
SELECT
  recipients.email
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;
