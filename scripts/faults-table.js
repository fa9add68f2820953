// Writes the fault suite's results (one JSON object per line and scenario, in run order) as a
// table into docs/reliability.md, between `<!-- faults:begin -->` and `<!-- faults:end -->`.
const { readFileSync, writeFileSync } = require('node:fs');

const [resultsFile, doc] = process.argv.slice(2);
const rows = readFileSync(resultsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
const seen = new Map();
const table = [
  '| run | scenario | accepted by the API | not accepted | finished | lost | duplicated | dead letters | recovery |',
  '| --- | -------- | ------------------- | ------------ | -------- | ---- | ---------- | ------------ | -------- |',
  ...rows.map((r) => {
    const run = (seen.get(r.scenario) ?? 0) + 1;
    seen.set(r.scenario, run);
    const recovery = r.recoveryMs === null ? '—' : `${(r.recoveryMs / 1000).toFixed(1)} s`;
    return `| ${run} | ${r.scenario} | ${r.acceptedByApi} | ${r.refusedByApi} | ${r.finished} | ${r.lost} | ${r.duplicated} | ${r.deadLettered ?? 0} | ${recovery} |`;
  }),
];
const text = readFileSync(doc, 'utf8');
const begin = '<!-- faults:begin -->';
const end = '<!-- faults:end -->';
const stamp = `Written by \`npm run test:faults\` on ${new Date().toISOString().slice(0, 10)}.`;
const block = `${begin}\n\n${stamp}\n\n${table.join('\n')}\n\n${end}`;
writeFileSync(
  doc,
  text.includes(begin)
    ? text.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block)
    : `${text.trimEnd()}\n\n${block}\n`,
);
console.log(table.join('\n'));
