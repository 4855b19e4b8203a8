-- campaign: Store not web
-- audience: Store-only shoppers 2001 Q2
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- Set membership (IN / NOT IN) instead of correlated EXISTS, so that it does not share the
-- compiler's shape; NOT IN is only safe because the null customer keys are removed first.
WITH store_buyers AS (
    SELECT ss.ss_customer_sk AS customer_sk
    FROM store_sales AS ss
    JOIN date_dim AS d ON d.d_date_sk = ss.ss_sold_date_sk
    WHERE d.d_year = 2001 AND d.d_qoy = 2 AND ss.ss_customer_sk IS NOT NULL
),
web_buyers AS (
    SELECT ws.ws_bill_customer_sk AS customer_sk
    FROM web_sales AS ws
    JOIN date_dim AS d ON d.d_date_sk = ws.ws_sold_date_sk
    WHERE d.d_year = 2001 AND d.d_qoy = 2 AND ws.ws_bill_customer_sk IS NOT NULL
)
SELECT
    c.c_customer_id AS customerid,
    c.c_first_name AS first_name,
    c.c_last_name AS last_name,
    c.c_email_address AS email,
    ca.ca_state AS state
FROM customer AS c
LEFT JOIN customer_address AS ca ON ca.ca_address_sk = c.c_current_addr_sk
WHERE c.c_customer_sk IN (SELECT customer_sk FROM store_buyers)
  AND c.c_customer_sk NOT IN (SELECT customer_sk FROM web_buyers)
  AND c.c_customer_id IS NOT NULL
ORDER BY customerid;
