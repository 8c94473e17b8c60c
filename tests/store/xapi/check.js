// Validates a JSON array of xAPI statements with Learning Locker's offline
// validator (xapi-validation, npm): each statement must give no warning.
// Usage: node check.js FILE...; exit 1 naming the first problems, 2 on bad input.
'use strict';
const fs = require('fs');
const validate = require('xapi-validation').default;
let bad = 0, total = 0;
for (const file of process.argv.slice(2)) {
  let statements;
  try {
    statements = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: not JSON: ${e.message}`);
    process.exit(2);
  }
  if (!Array.isArray(statements) || statements.length === 0) {
    console.error(`${file}: not a non-empty array of statements`);
    process.exit(2);
  }
  statements.forEach((s, i) => {
    total++;
    const warnings = validate(s);
    if (warnings.length === 0) return;
    bad++;
    if (bad <= 5)
      for (const w of warnings)
        console.error(`${file}: statement ${i}: ${w.path.join('.')}: ${w.name} (${JSON.stringify(w.data)})`);
  });
}
console.log(`${total} statements, ${bad} invalid`);
process.exit(bad ? 1 : 0);
