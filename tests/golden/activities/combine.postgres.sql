-- camp: campaign Combined (published)
-- dialect: postgres
-- today: 2026-01-31 (fixed)
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience Combined -> aud_combined_8a92bcdd6d
DROP TABLE IF EXISTS aud_combined_8a92bcdd6d;
CREATE TABLE aud_combined_8a92bcdd6d AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in
), population_2 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.loyalty_points >= 100
), population_3 AS (
  SELECT
    p.recipient_id
  FROM population_1 AS p
  UNION ALL
  SELECT
    added.recipient_id
  FROM population_2 AS added
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_1 AS other
      WHERE
        other.recipient_id = added.recipient_id
    )
), population_4 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  WHERE
    bookings.destination = 'Paris'
), population_5 AS (
  SELECT DISTINCT
    recipients.recipient_id
  FROM population_4 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_6 AS (
  SELECT
    p.recipient_id
  FROM population_3 AS p
  WHERE
    EXISTS(
      SELECT
        1
      FROM population_5 AS other
      WHERE
        other.recipient_id = p.recipient_id
    )
), population_7 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country IS NULL OR recipients.country = 'BE'
), population_8 AS (
  SELECT
    p.recipient_id
  FROM population_6 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_7 AS other
      WHERE
        other.recipient_id = p.recipient_id
    )
)
SELECT
  recipients.crm_id AS crmid
FROM population_8 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_combined_8a92bcdd6d';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Combined', 'aud_combined_8a92bcdd6d', 'Combined', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
FROM aud_combined_8a92bcdd6d;

COMMIT;
