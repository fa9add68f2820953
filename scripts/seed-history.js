#!/usr/bin/env node
// Seeds the gateway's filings table with a synthetic history for the inspectors' API (issue 6):
// plain SQL with generate_series, no ts-node, deterministic (row i always gets the same values).
//   DATABASE_URL=postgres://…/tks node scripts/seed-history.js [COUNT]   (default 100000)
// The gateway must have run its migrations on that database (start it once). Seeded rows are
// marked by their ИдФайл prefix NO_SEED_ and replaced by a second run.
'use strict';
const { Client } = require('pg');

/**
 * 40 tax offices (7701…7740) with 50 taxpayers each (INN 77000000NN, KPP <office>01001), 4 forms,
 * 4 periods, 6 years and 5 statuses; the attributes cycle with coprime strides so that every
 * combination occurs.
 */
const SEED_SQL = `
WITH rows AS (
  SELECT i,
         md5('tks-seed-filing-' || i)::uuid AS filing_id,
         lpad((7701 + i % 40)::text, 4, '0') AS office,
         lpad((7700000000 + (i % 40) * 50 + (i / 40) % 50)::text, 10, '0') AS inn
  FROM generate_series(1, $1::int) AS i
)
INSERT INTO gateway.filings (filing_id, docflow_id, subscriber_id, file_id, form_code, tax_office_code,
  status, idempotency_key, submitted_at, updated_at, taxpayer_inn, taxpayer_kpp, period, report_year, overdue)
SELECT filing_id,
       md5('tks-seed-docflow-' || i),
       '2TK-' || md5('tks-seed-subscriber-' || inn),
       'NO_SEED_' || office || '_' || office || '_' || inn || office || '01001_20250101_' || upper(filing_id::text),
       (ARRAY['1152017', '1151020', '1151111', '1151006'])[1 + (i / 7) % 4],
       office,
       CASE WHEN (i / 17) % 20 < 16 THEN 'accepted' WHEN (i / 17) % 20 < 18 THEN 'rejected'
            WHEN (i / 17) % 20 = 18 THEN 'receipt-issued' ELSE 'submitted' END,
       NULL,
       timestamptz '2024-01-01 00:00:00+00' + (i * 317) * interval '1 second',
       timestamptz '2024-01-01 01:00:00+00' + (i * 317) * interval '1 second',
       inn,
       office || '01001',
       (ARRAY['21', '31', '33', '34'])[1 + (i / 11) % 4],
       2020 + (i / 13) % 6,
       i % 97 = 0
FROM rows`;

async function seedHistory(client, count) {
  await client.query("DELETE FROM gateway.filings WHERE file_id LIKE 'NO\\_SEED\\_%'");
  const result = await client.query(SEED_SQL, [count]);
  await client.query('ANALYZE gateway.filings');
  return result.rowCount;
}

module.exports = { seedHistory };

if (require.main === module) {
  const count = Number(process.argv[2] ?? 100000);
  if (!process.env.DATABASE_URL) {
    console.error('seed-history: set DATABASE_URL');
    process.exit(2);
  }
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  const started = Date.now();
  client
    .connect()
    .then(() => seedHistory(client, count))
    .then((rows) => console.log(`seed-history: ${rows} filings in ${Date.now() - started} ms`))
    .catch((error) => {
      console.error(`seed-history: ${error.message}`);
      process.exitCode = 1;
    })
    .finally(() => client.end());
}
