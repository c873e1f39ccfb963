// Loads the ESM-only entries (the vitest suites of the testing kit) and prints their export names.
const names = ['@cim-complaints/testing/vitest'];
const out = {};
for (const name of names) out[name] = Object.keys(await import(name)).sort();
console.log(JSON.stringify(out));
