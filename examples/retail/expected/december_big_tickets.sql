-- campaign: December big tickets
-- audience: December 2001 big tickets
--
-- Written by hand against the TPC-DS tables, as a reference for the compiled campaign.
-- One row per store line item (ss_item_sk, ss_ticket_number), not per customer: the same
-- customer id appears once for each qualifying line item.
SELECT
    c.c_customer_id AS customerid,
    ss.ss_ticket_number AS ticket_number,
    ss.ss_net_paid AS net_paid,
    d.d_date AS sold_on,
    s.s_store_name AS store_name
FROM store_sales AS ss
JOIN date_dim AS d ON d.d_date_sk = ss.ss_sold_date_sk
JOIN customer AS c ON c.c_customer_sk = ss.ss_customer_sk
LEFT JOIN store AS s ON s.s_store_sk = ss.ss_store_sk
WHERE d.d_year = 2001
  AND d.d_moy = 12
  AND ss.ss_net_paid > 2000
  AND c.c_preferred_cust_flag = 'Y'
  AND c.c_customer_id IS NOT NULL
ORDER BY customerid, ticket_number, net_paid;
