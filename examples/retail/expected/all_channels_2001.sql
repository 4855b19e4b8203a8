-- campaign: All channels 2001
-- audience: All channels 2001
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- The buyers of each channel are intersected with INTERSECT (a set operation) instead of the
-- compiler's EXISTS on the key; a sale without a customer joins no customer row.
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
)
SELECT
    c.c_customer_id AS customerid,
    c.c_first_name AS first_name,
    c.c_last_name AS last_name
FROM customer AS c
JOIN buyers AS b ON b.customer_sk = c.c_customer_sk
WHERE c.c_customer_id IS NOT NULL
ORDER BY customerid;
