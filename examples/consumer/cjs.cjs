// Loads each built package through its `require` condition and prints its export names.
const names = require('./packages.json');
const out = {};
for (const name of names) out[name] = Object.keys(require(name)).sort();
console.log(JSON.stringify(out));
