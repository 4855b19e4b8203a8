-- campaign: Catalog big spenders
-- audience: Catalog big spenders 2000
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- Spend is pre-aggregated per customer; a customer without catalog sales in 2000 has no row
-- there, which is the same as a null sum: not over 30,000.
WITH spend_2000 AS (
    SELECT cs.cs_bill_customer_sk AS customer_sk, sum(cs.cs_net_paid) AS net_paid
    FROM catalog_sales AS cs
    JOIN date_dim AS d ON d.d_date_sk = cs.cs_sold_date_sk
    WHERE d.d_year = 2000
    GROUP BY cs.cs_bill_customer_sk
)
SELECT
    c.c_email_address AS email,
    c.c_first_name AS first_name,
    c.c_last_name AS last_name,
    ca.ca_city AS city,
    ca.ca_state AS home_state,
    cd.cd_education_status AS education
FROM customer AS c
JOIN customer_address AS ca ON ca.ca_address_sk = c.c_current_addr_sk
JOIN customer_demographics AS cd ON cd.cd_demo_sk = c.c_current_cdemo_sk
JOIN spend_2000 AS s ON s.customer_sk = c.c_customer_sk
WHERE ca.ca_state IN ('TX', 'GA', 'VA', 'KY', 'KS')
  AND cd.cd_education_status IN ('College', '4 yr Degree', 'Advanced Degree')
  AND s.net_paid > 30000
  AND c.c_email_address IS NOT NULL
ORDER BY email, first_name, last_name;
