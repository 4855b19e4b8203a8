-- campaign: All channels seniors
-- audience: All channels seniors
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- `read audience` takes the customers whose CustomerID was saved by "All channels 2001";
-- the saved ids are recomputed here rather than read from the audience table.
WITH buyers AS (
    SELECT ss.ss_customer_sk AS customer_sk
    FROM store_sales AS ss
    JOIN date_dim AS d ON d.d_date_sk = ss.ss_sold_date_sk
    WHERE d.d_year = 2001
    INTERSECT
    SELECT ws.ws_bill_customer_sk
    FROM web_sales AS ws
    JOIN date_dim AS d ON d.d_date_sk = ws.ws_sold_date_sk
    WHERE d.d_year = 2001
    INTERSECT
    SELECT cs.cs_bill_customer_sk
    FROM catalog_sales AS cs
    JOIN date_dim AS d ON d.d_date_sk = cs.cs_sold_date_sk
    WHERE d.d_year = 2001
),
saved_ids AS (
    SELECT c.c_customer_id
    FROM customer AS c
    WHERE c.c_customer_sk IN (SELECT customer_sk FROM buyers)
      AND c.c_customer_id IS NOT NULL
)
SELECT
    c.c_email_address AS email,
    c.c_first_name AS first_name,
    c.c_birth_year AS birth_year
FROM customer AS c
WHERE c.c_customer_id IN (SELECT c_customer_id FROM saved_ids)
  AND c.c_birth_year < 1960
  AND c.c_email_address IS NOT NULL
ORDER BY email;
