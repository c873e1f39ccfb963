// Loads each built package through its `import` condition and prints its export names.
import { readFileSync } from 'node:fs';
const names = JSON.parse(readFileSync(new URL('./packages.json', import.meta.url), 'utf8'));
const out = {};
for (const name of names) out[name] = Object.keys(await import(name)).sort();
console.log(JSON.stringify(out));
