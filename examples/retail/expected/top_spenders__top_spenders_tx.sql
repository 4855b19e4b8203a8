-- campaign: Top spenders
-- audience: Top spenders TX
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- Spend is a GROUP BY over 2002 store sales (not a correlated subquery); the 200 biggest
-- spenders are numbered with ties broken by the customer key, as the campaign's `limit` does.
-- A top spender goes to Texas, else Georgia, else elsewhere (a null state included).
WITH spend AS (
    SELECT
        ss.ss_customer_sk AS customer_sk,
        SUM(ss.ss_net_paid) AS store_spend,
        COUNT(*) AS line_items
    FROM store_sales AS ss
    JOIN date_dim AS d ON d.d_date_sk = ss.ss_sold_date_sk
    WHERE d.d_year = 2002
    GROUP BY ss.ss_customer_sk
),
top AS (
    SELECT
        c.c_customer_id AS customer_id,
        ca.ca_state AS state,
        s.store_spend,
        s.line_items,
        ROW_NUMBER() OVER (ORDER BY s.store_spend DESC, c.c_customer_sk) AS position
    FROM customer AS c
    JOIN spend AS s ON s.customer_sk = c.c_customer_sk
    LEFT JOIN customer_address AS ca ON ca.ca_address_sk = c.c_current_addr_sk
    WHERE s.store_spend > 0
)
SELECT
    t.customer_id AS customerid,
    t.store_spend, t.line_items
FROM top AS t
WHERE t.position <= 200
  AND t.state = 'TX'
  AND t.customer_id IS NOT NULL
ORDER BY customerid;
