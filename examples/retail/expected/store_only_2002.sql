-- campaign: Store only 2002
-- audience: Store only 2002
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- EXCEPT instead of the compiler's NOT EXISTS; null customer keys of store sales are removed
-- first (they reach no customer), and EXCEPT matches a null on the web side with nothing.
WITH store_only AS (
    SELECT ss.ss_customer_sk AS customer_sk
    FROM store_sales AS ss
    JOIN date_dim AS d ON d.d_date_sk = ss.ss_sold_date_sk
    WHERE d.d_year = 2002 AND ss.ss_customer_sk IS NOT NULL
    EXCEPT
    SELECT ws.ws_bill_customer_sk
    FROM web_sales AS ws
    JOIN date_dim AS d ON d.d_date_sk = ws.ws_sold_date_sk
    WHERE d.d_year = 2002
)
SELECT
    c.c_customer_id AS customerid,
    c.c_first_name AS first_name,
    ca.ca_state AS state
FROM customer AS c
JOIN store_only AS s ON s.customer_sk = c.c_customer_sk
LEFT JOIN customer_address AS ca ON ca.ca_address_sk = c.c_current_addr_sk
WHERE c.c_customer_id IS NOT NULL
ORDER BY customerid;
