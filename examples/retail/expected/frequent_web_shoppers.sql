-- campaign: Frequent web shoppers
-- audience: Frequent web shoppers 2002
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- count() of no line items is 0 (coalesce), avg() of none is null: both fail their test.
WITH web_2002 AS (
    SELECT ws.ws_bill_customer_sk AS customer_sk,
           count(*) AS line_items,
           avg(ws.ws_net_paid) AS avg_net_paid
    FROM web_sales AS ws
    JOIN date_dim AS d ON d.d_date_sk = ws.ws_sold_date_sk
    WHERE d.d_year = 2002
    GROUP BY ws.ws_bill_customer_sk
),
catalog_2001 AS (
    SELECT DISTINCT cs.cs_bill_customer_sk AS customer_sk
    FROM catalog_sales AS cs
    JOIN date_dim AS d ON d.d_date_sk = cs.cs_sold_date_sk
    WHERE d.d_year = 2001
)
SELECT
    c.c_email_address AS email,
    c.c_first_name AS first_name,
    cd.cd_gender AS gender,
    cd.cd_marital_status AS marital_status
FROM customer AS c
LEFT JOIN web_2002 AS w ON w.customer_sk = c.c_customer_sk
LEFT JOIN catalog_2001 AS k ON k.customer_sk = c.c_customer_sk
LEFT JOIN customer_demographics AS cd ON cd.cd_demo_sk = c.c_current_cdemo_sk
WHERE coalesce(w.line_items, 0) >= 15
  AND w.avg_net_paid > 1000
  AND k.customer_sk IS NULL
  AND c.c_email_address IS NOT NULL
ORDER BY email, first_name;
