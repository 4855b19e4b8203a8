-- campaign: Lapsed preferred seniors
-- audience: Lapsed preferred seniors
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- A store sale whose date is unknown counts as a purchase ("exists store_sales") but not as
-- one made in 2002.
SELECT
    c.c_customer_id AS customerid,
    c.c_first_name AS first_name,
    c.c_birth_year AS birth_year,
    c.c_email_address AS email
FROM customer AS c
WHERE c.c_preferred_cust_flag = 'Y'
  AND c.c_birth_year < 1960
  AND EXISTS (SELECT 1 FROM store_sales AS ss WHERE ss.ss_customer_sk = c.c_customer_sk)
  AND NOT EXISTS (
        SELECT 1
        FROM store_sales AS ss
        JOIN date_dim AS d ON d.d_date_sk = ss.ss_sold_date_sk
        WHERE ss.ss_customer_sk = c.c_customer_sk AND d.d_year = 2002
    )
  AND c.c_customer_id IS NOT NULL
ORDER BY customerid;
