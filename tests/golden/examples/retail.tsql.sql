-- camp: campaign All channels 2001 (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience All channels 2001 -> aud_all_channels_2001_d79e514d0c
DROP TABLE IF EXISTS aud_all_channels_2001_d79e514d0c;
WITH population_1 AS (
  SELECT
    store_sales.[ss_item_sk] AS item_sk,
    store_sales.[ss_ticket_number] AS ticket_number
  FROM store_sales AS store_sales
  LEFT JOIN date_dim AS sold_date
    ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
  WHERE
    sold_date.[d_year] = 2001
), population_2 AS (
  SELECT DISTINCT
    customers.[c_customer_sk] AS customer_sk
  FROM population_1 AS p
  JOIN store_sales AS store_sales
    ON store_sales.[ss_item_sk] = p.item_sk
    AND store_sales.[ss_ticket_number] = p.ticket_number
  JOIN customer AS customers
    ON customers.[c_customer_sk] = store_sales.[ss_customer_sk]
), population_3 AS (
  SELECT
    web_sales.[ws_item_sk] AS item_sk,
    web_sales.[ws_order_number] AS order_number
  FROM web_sales AS web_sales
  LEFT JOIN date_dim AS sold_date
    ON sold_date.[d_date_sk] = web_sales.[ws_sold_date_sk]
  WHERE
    sold_date.[d_year] = 2001
), population_4 AS (
  SELECT DISTINCT
    customers.[c_customer_sk] AS customer_sk
  FROM population_3 AS p
  JOIN web_sales AS web_sales
    ON web_sales.[ws_item_sk] = p.item_sk
    AND web_sales.[ws_order_number] = p.order_number
  JOIN customer AS customers
    ON customers.[c_customer_sk] = web_sales.[ws_bill_customer_sk]
), population_5 AS (
  SELECT
    p.customer_sk AS customer_sk
  FROM population_2 AS p
  WHERE
    EXISTS(
      SELECT
        1
      FROM population_4 AS other
      WHERE
        other.customer_sk = p.customer_sk
    )
), population_6 AS (
  SELECT
    catalog_sales.[cs_item_sk] AS item_sk,
    catalog_sales.[cs_order_number] AS order_number
  FROM catalog_sales AS catalog_sales
  LEFT JOIN date_dim AS sold_date
    ON sold_date.[d_date_sk] = catalog_sales.[cs_sold_date_sk]
  WHERE
    sold_date.[d_year] = 2001
), population_7 AS (
  SELECT DISTINCT
    customers.[c_customer_sk] AS customer_sk
  FROM population_6 AS p
  JOIN catalog_sales AS catalog_sales
    ON catalog_sales.[cs_item_sk] = p.item_sk
    AND catalog_sales.[cs_order_number] = p.order_number
  JOIN customer AS customers
    ON customers.[c_customer_sk] = catalog_sales.[cs_bill_customer_sk]
), population_8 AS (
  SELECT
    p.customer_sk AS customer_sk
  FROM population_5 AS p
  WHERE
    EXISTS(
      SELECT
        1
      FROM population_7 AS other
      WHERE
        other.customer_sk = p.customer_sk
    )
)
SELECT
  *
INTO aud_all_channels_2001_d79e514d0c
FROM (
  SELECT
    customers.[c_customer_id] AS customerid,
    customers.[c_first_name] AS first_name,
    customers.[c_last_name] AS last_name
  FROM population_8 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  WHERE
    NOT customers.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_all_channels_2001_d79e514d0c';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'All channels 2001', 'aud_all_channels_2001_d79e514d0c', 'All channels 2001', 'customers', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_all_channels_2001_d79e514d0c;

COMMIT;

-- camp: campaign Catalog big spenders (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Catalog big spenders 2000 -> aud_catalog_big_spenders_2000_4863b550d4
DROP TABLE IF EXISTS aud_catalog_big_spenders_2000_4863b550d4;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
  LEFT JOIN customer_demographics AS demographics
    ON demographics.[cd_demo_sk] = customers.[c_current_cdemo_sk]
  WHERE
    address.[ca_state] IN ('TX', 'GA', 'VA', 'KY', 'KS')
    AND demographics.[cd_education_status] IN ('College', '4 yr Degree', 'Advanced Degree')
    AND (
      SELECT
        SUM(catalog_sales.[cs_net_paid])
      FROM catalog_sales AS catalog_sales
      LEFT JOIN date_dim AS sold_date
        ON sold_date.[d_date_sk] = catalog_sales.[cs_sold_date_sk]
      WHERE
        catalog_sales.[cs_bill_customer_sk] = customers.[c_customer_sk]
        AND sold_date.[d_year] = 2000
    ) > 30000
)
SELECT
  *
INTO aud_catalog_big_spenders_2000_4863b550d4
FROM (
  SELECT
    customers.[c_email_address] AS email,
    customers.[c_first_name] AS first_name,
    customers.[c_last_name] AS last_name,
    address.[ca_city] AS city,
    address.[ca_state] AS home_state,
    demographics.[cd_education_status] AS education
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
  LEFT JOIN customer_demographics AS demographics
    ON demographics.[cd_demo_sk] = customers.[c_current_cdemo_sk]
  WHERE
    NOT customers.[c_email_address] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_catalog_big_spenders_2000_4863b550d4';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Catalog big spenders 2000', 'aud_catalog_big_spenders_2000_4863b550d4', 'Catalog big spenders', 'customers', 'Email', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_catalog_big_spenders_2000_4863b550d4;

COMMIT;

-- camp: campaign December big tickets (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience December 2001 big tickets -> aud_december_2001_big_tickets_56fbe266fe
DROP TABLE IF EXISTS aud_december_2001_big_tickets_56fbe266fe;
WITH population_1 AS (
  SELECT
    store_sales.[ss_item_sk] AS item_sk,
    store_sales.[ss_ticket_number] AS ticket_number
  FROM store_sales AS store_sales
  LEFT JOIN date_dim AS sold_date
    ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
  LEFT JOIN customer AS customer
    ON customer.[c_customer_sk] = store_sales.[ss_customer_sk]
  WHERE
    sold_date.[d_year] = 2001
    AND sold_date.[d_moy] = 12
    AND store_sales.[ss_net_paid] > 2000
    AND customer.[c_preferred_cust_flag] = 'Y'
)
SELECT
  *
INTO aud_december_2001_big_tickets_56fbe266fe
FROM (
  SELECT
    customer.[c_customer_id] AS customerid,
    store_sales.[ss_ticket_number] AS ticket_number,
    store_sales.[ss_net_paid] AS net_paid,
    sold_date.[d_date] AS sold_on,
    store.[s_store_name] AS store_name
  FROM population_1 AS p
  JOIN store_sales AS store_sales
    ON store_sales.[ss_item_sk] = p.item_sk
    AND store_sales.[ss_ticket_number] = p.ticket_number
  LEFT JOIN customer AS customer
    ON customer.[c_customer_sk] = store_sales.[ss_customer_sk]
  LEFT JOIN date_dim AS sold_date
    ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
  LEFT JOIN store AS store
    ON store.[s_store_sk] = store_sales.[ss_store_sk]
  WHERE
    NOT customer.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_december_2001_big_tickets_56fbe266fe';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'December 2001 big tickets', 'aud_december_2001_big_tickets_56fbe266fe', 'December big tickets', 'store_sales', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_december_2001_big_tickets_56fbe266fe;

COMMIT;

-- camp: campaign Frequent web shoppers (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Frequent web shoppers 2002 -> aud_frequent_web_shoppers_2002_8330635110
DROP TABLE IF EXISTS aud_frequent_web_shoppers_2002_8330635110;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
  WHERE
    (
      SELECT
        COUNT(*)
      FROM web_sales AS web_sales
      LEFT JOIN date_dim AS sold_date
        ON sold_date.[d_date_sk] = web_sales.[ws_sold_date_sk]
      WHERE
        web_sales.[ws_bill_customer_sk] = customers.[c_customer_sk]
        AND sold_date.[d_year] = 2002
    ) >= 15
    AND (
      SELECT
        AVG(web_sales_2.[ws_net_paid])
      FROM web_sales AS web_sales_2
      LEFT JOIN date_dim AS sold_date_2
        ON sold_date_2.[d_date_sk] = web_sales_2.[ws_sold_date_sk]
      WHERE
        web_sales_2.[ws_bill_customer_sk] = customers.[c_customer_sk]
        AND sold_date_2.[d_year] = 2002
    ) > 1000
    AND NOT EXISTS(
      SELECT
        1
      FROM catalog_sales AS catalog_sales
      LEFT JOIN date_dim AS sold_date_3
        ON sold_date_3.[d_date_sk] = catalog_sales.[cs_sold_date_sk]
      WHERE
        catalog_sales.[cs_bill_customer_sk] = customers.[c_customer_sk]
        AND sold_date_3.[d_year] = 2001
    )
)
SELECT
  *
INTO aud_frequent_web_shoppers_2002_8330635110
FROM (
  SELECT
    customers.[c_email_address] AS email,
    customers.[c_first_name] AS first_name,
    demographics.[cd_gender] AS gender,
    demographics.[cd_marital_status] AS marital_status
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_demographics AS demographics
    ON demographics.[cd_demo_sk] = customers.[c_current_cdemo_sk]
  WHERE
    NOT customers.[c_email_address] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_frequent_web_shoppers_2002_8330635110';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Frequent web shoppers 2002', 'aud_frequent_web_shoppers_2002_8330635110', 'Frequent web shoppers', 'customers', 'Email', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_frequent_web_shoppers_2002_8330635110;

COMMIT;

-- camp: campaign Lapsed preferred seniors (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Lapsed preferred seniors -> aud_lapsed_preferred_seniors_b364c1a3b5
DROP TABLE IF EXISTS aud_lapsed_preferred_seniors_b364c1a3b5;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
  WHERE
    customers.[c_preferred_cust_flag] = 'Y'
    AND customers.[c_birth_year] < 1960
    AND EXISTS(
      SELECT
        1
      FROM store_sales AS store_sales
      WHERE
        store_sales.[ss_customer_sk] = customers.[c_customer_sk]
    )
    AND NOT EXISTS(
      SELECT
        1
      FROM store_sales AS store_sales_2
      LEFT JOIN date_dim AS sold_date
        ON sold_date.[d_date_sk] = store_sales_2.[ss_sold_date_sk]
      WHERE
        store_sales_2.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date.[d_year] = 2002
    )
)
SELECT
  *
INTO aud_lapsed_preferred_seniors_b364c1a3b5
FROM (
  SELECT
    customers.[c_customer_id] AS customerid,
    customers.[c_first_name] AS first_name,
    customers.[c_birth_year] AS birth_year,
    customers.[c_email_address] AS email
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  WHERE
    NOT customers.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_lapsed_preferred_seniors_b364c1a3b5';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Lapsed preferred seniors', 'aud_lapsed_preferred_seniors_b364c1a3b5', 'Lapsed preferred seniors', 'customers', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_lapsed_preferred_seniors_b364c1a3b5;

COMMIT;

-- camp: campaign Store not web (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Store-only shoppers 2001 Q2 -> aud_store_only_shoppers_2001_q2_9f3b4f744c
DROP TABLE IF EXISTS aud_store_only_shoppers_2001_q2_9f3b4f744c;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
  WHERE
    EXISTS(
      SELECT
        1
      FROM store_sales AS store_sales
      LEFT JOIN date_dim AS sold_date
        ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
      WHERE
        store_sales.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date.[d_year] = 2001
        AND sold_date.[d_qoy] = 2
    )
    AND NOT EXISTS(
      SELECT
        1
      FROM web_sales AS web_sales
      LEFT JOIN date_dim AS sold_date_2
        ON sold_date_2.[d_date_sk] = web_sales.[ws_sold_date_sk]
      WHERE
        web_sales.[ws_bill_customer_sk] = customers.[c_customer_sk]
        AND sold_date_2.[d_year] = 2001
        AND sold_date_2.[d_qoy] = 2
    )
)
SELECT
  *
INTO aud_store_only_shoppers_2001_q2_9f3b4f744c
FROM (
  SELECT
    customers.[c_customer_id] AS customerid,
    customers.[c_first_name] AS first_name,
    customers.[c_last_name] AS last_name,
    customers.[c_email_address] AS email,
    address.[ca_state] AS state
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
  WHERE
    NOT customers.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_store_only_shoppers_2001_q2_9f3b4f744c';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Store-only shoppers 2001 Q2', 'aud_store_only_shoppers_2001_q2_9f3b4f744c', 'Store not web', 'customers', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_store_only_shoppers_2001_q2_9f3b4f744c;

COMMIT;

-- camp: campaign Store only 2002 (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Store only 2002 -> aud_store_only_2002_1591adb23a
DROP TABLE IF EXISTS aud_store_only_2002_1591adb23a;
WITH population_1 AS (
  SELECT
    store_sales.[ss_item_sk] AS item_sk,
    store_sales.[ss_ticket_number] AS ticket_number
  FROM store_sales AS store_sales
  LEFT JOIN date_dim AS sold_date
    ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
  WHERE
    sold_date.[d_year] = 2002
), population_2 AS (
  SELECT DISTINCT
    customers.[c_customer_sk] AS customer_sk
  FROM population_1 AS p
  JOIN store_sales AS store_sales
    ON store_sales.[ss_item_sk] = p.item_sk
    AND store_sales.[ss_ticket_number] = p.ticket_number
  JOIN customer AS customers
    ON customers.[c_customer_sk] = store_sales.[ss_customer_sk]
), population_3 AS (
  SELECT
    web_sales.[ws_item_sk] AS item_sk,
    web_sales.[ws_order_number] AS order_number
  FROM web_sales AS web_sales
  LEFT JOIN date_dim AS sold_date
    ON sold_date.[d_date_sk] = web_sales.[ws_sold_date_sk]
  WHERE
    sold_date.[d_year] = 2002
), population_4 AS (
  SELECT DISTINCT
    customers.[c_customer_sk] AS customer_sk
  FROM population_3 AS p
  JOIN web_sales AS web_sales
    ON web_sales.[ws_item_sk] = p.item_sk
    AND web_sales.[ws_order_number] = p.order_number
  JOIN customer AS customers
    ON customers.[c_customer_sk] = web_sales.[ws_bill_customer_sk]
), population_5 AS (
  SELECT
    p.customer_sk AS customer_sk
  FROM population_2 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_4 AS other
      WHERE
        other.customer_sk = p.customer_sk
    )
)
SELECT
  *
INTO aud_store_only_2002_1591adb23a
FROM (
  SELECT
    customers.[c_customer_id] AS customerid,
    customers.[c_first_name] AS first_name,
    address.[ca_state] AS state
  FROM population_5 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
  WHERE
    NOT customers.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_store_only_2002_1591adb23a';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Store only 2002', 'aud_store_only_2002_1591adb23a', 'Store only 2002', 'customers', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_store_only_2002_1591adb23a;

COMMIT;

-- camp: campaign Top spenders (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Top spenders TX -> aud_top_spenders_tx_cd4017211a
DROP TABLE IF EXISTS aud_top_spenders_tx_cd4017211a;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
), population_2 AS (
  SELECT
    p.customer_sk AS customer_sk,
    (
      SELECT
        SUM(store_sales.[ss_net_paid])
      FROM store_sales AS store_sales
      LEFT JOIN date_dim AS sold_date
        ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
      WHERE
        store_sales.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date.[d_year] = 2002
    ) AS store_spend,
    (
      SELECT
        COUNT(*)
      FROM store_sales AS store_sales_2
      LEFT JOIN date_dim AS sold_date_2
        ON sold_date_2.[d_date_sk] = store_sales_2.[ss_sold_date_sk]
      WHERE
        store_sales_2.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date_2.[d_year] = 2002
    ) AS line_items
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
), population_3 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_2 AS p
  WHERE
    p.store_spend > 0
), population_4 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items,
    ROW_NUMBER() OVER (
      ORDER BY p.store_spend DESC, CASE WHEN p.customer_sk IS NULL THEN 1 ELSE 0 END, p.customer_sk
    ) AS camp_row_number
  FROM population_3 AS p
), population_5 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_4 AS p
  WHERE
    p.camp_row_number <= 200
), population_6 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items,
    CASE WHEN address.[ca_state] = 'TX' THEN 1 WHEN address.[ca_state] = 'GA' THEN 2 END AS camp_segment
  FROM population_5 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
), population_7 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_6 AS p
  WHERE
    p.camp_segment = 1
)
SELECT
  *
INTO aud_top_spenders_tx_cd4017211a
FROM (
  SELECT
    customers.[c_customer_id] AS customerid,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_7 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  WHERE
    NOT customers.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_top_spenders_tx_cd4017211a';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Top spenders TX', 'aud_top_spenders_tx_cd4017211a', 'Top spenders', 'customers', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_top_spenders_tx_cd4017211a;

-- audience Top spenders GA -> aud_top_spenders_ga_ff606c3568
DROP TABLE IF EXISTS aud_top_spenders_ga_ff606c3568;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
), population_2 AS (
  SELECT
    p.customer_sk AS customer_sk,
    (
      SELECT
        SUM(store_sales.[ss_net_paid])
      FROM store_sales AS store_sales
      LEFT JOIN date_dim AS sold_date
        ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
      WHERE
        store_sales.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date.[d_year] = 2002
    ) AS store_spend,
    (
      SELECT
        COUNT(*)
      FROM store_sales AS store_sales_2
      LEFT JOIN date_dim AS sold_date_2
        ON sold_date_2.[d_date_sk] = store_sales_2.[ss_sold_date_sk]
      WHERE
        store_sales_2.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date_2.[d_year] = 2002
    ) AS line_items
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
), population_3 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_2 AS p
  WHERE
    p.store_spend > 0
), population_4 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items,
    ROW_NUMBER() OVER (
      ORDER BY p.store_spend DESC, CASE WHEN p.customer_sk IS NULL THEN 1 ELSE 0 END, p.customer_sk
    ) AS camp_row_number
  FROM population_3 AS p
), population_5 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_4 AS p
  WHERE
    p.camp_row_number <= 200
), population_6 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items,
    CASE WHEN address.[ca_state] = 'TX' THEN 1 WHEN address.[ca_state] = 'GA' THEN 2 END AS camp_segment
  FROM population_5 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
), population_8 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_6 AS p
  WHERE
    p.camp_segment = 2
)
SELECT
  *
INTO aud_top_spenders_ga_ff606c3568
FROM (
  SELECT
    customers.[c_customer_id] AS customerid,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_8 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  WHERE
    NOT customers.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_top_spenders_ga_ff606c3568';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Top spenders GA', 'aud_top_spenders_ga_ff606c3568', 'Top spenders', 'customers', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_top_spenders_ga_ff606c3568;

-- audience Top spenders elsewhere -> aud_top_spenders_elsewhere_7cf8f7699b
DROP TABLE IF EXISTS aud_top_spenders_elsewhere_7cf8f7699b;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
), population_2 AS (
  SELECT
    p.customer_sk AS customer_sk,
    (
      SELECT
        SUM(store_sales.[ss_net_paid])
      FROM store_sales AS store_sales
      LEFT JOIN date_dim AS sold_date
        ON sold_date.[d_date_sk] = store_sales.[ss_sold_date_sk]
      WHERE
        store_sales.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date.[d_year] = 2002
    ) AS store_spend,
    (
      SELECT
        COUNT(*)
      FROM store_sales AS store_sales_2
      LEFT JOIN date_dim AS sold_date_2
        ON sold_date_2.[d_date_sk] = store_sales_2.[ss_sold_date_sk]
      WHERE
        store_sales_2.[ss_customer_sk] = customers.[c_customer_sk]
        AND sold_date_2.[d_year] = 2002
    ) AS line_items
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
), population_3 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_2 AS p
  WHERE
    p.store_spend > 0
), population_4 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items,
    ROW_NUMBER() OVER (
      ORDER BY p.store_spend DESC, CASE WHEN p.customer_sk IS NULL THEN 1 ELSE 0 END, p.customer_sk
    ) AS camp_row_number
  FROM population_3 AS p
), population_5 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_4 AS p
  WHERE
    p.camp_row_number <= 200
), population_6 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items,
    CASE WHEN address.[ca_state] = 'TX' THEN 1 WHEN address.[ca_state] = 'GA' THEN 2 END AS camp_segment
  FROM population_5 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
), population_7 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_6 AS p
  WHERE
    p.camp_segment = 1
), population_8 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_6 AS p
  WHERE
    p.camp_segment = 2
), population_9 AS (
  SELECT
    p.customer_sk AS customer_sk,
    p.store_spend AS store_spend,
    p.line_items AS line_items
  FROM population_5 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_7 AS other
      WHERE
        other.customer_sk = p.customer_sk
    )
    AND NOT EXISTS(
      SELECT
        1
      FROM population_8 AS other_2
      WHERE
        other_2.customer_sk = p.customer_sk
    )
)
SELECT
  *
INTO aud_top_spenders_elsewhere_7cf8f7699b
FROM (
  SELECT
    customers.[c_customer_id] AS customerid,
    p.store_spend AS store_spend,
    address.[ca_state] AS state
  FROM population_9 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  LEFT JOIN customer_address AS address
    ON address.[ca_address_sk] = customers.[c_current_addr_sk]
  WHERE
    NOT customers.[c_customer_id] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_top_spenders_elsewhere_7cf8f7699b';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Top spenders elsewhere', 'aud_top_spenders_elsewhere_7cf8f7699b', 'Top spenders', 'customers', 'CustomerID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_top_spenders_elsewhere_7cf8f7699b;

COMMIT;

-- camp: campaign All channels seniors (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience All channels seniors -> aud_all_channels_seniors_3a083fbaac
DROP TABLE IF EXISTS aud_all_channels_seniors_3a083fbaac;
WITH population_1 AS (
  SELECT
    customers.[c_customer_sk] AS customer_sk
  FROM customer AS customers
  WHERE
    EXISTS(
      SELECT
        1
      FROM aud_all_channels_2001_d79e514d0c AS audience
      WHERE
        audience.customerid = customers.[c_customer_id]
    )
    AND customers.[c_birth_year] < 1960
)
SELECT
  *
INTO aud_all_channels_seniors_3a083fbaac
FROM (
  SELECT
    customers.[c_email_address] AS email,
    customers.[c_first_name] AS first_name,
    customers.[c_birth_year] AS birth_year
  FROM population_1 AS p
  JOIN customer AS customers
    ON customers.[c_customer_sk] = p.customer_sk
  WHERE
    NOT customers.[c_email_address] IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_all_channels_seniors_3a083fbaac';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'All channels seniors', 'aud_all_channels_seniors_3a083fbaac', 'All channels seniors', 'customers', 'Email', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_all_channels_seniors_3a083fbaac;

COMMIT;
