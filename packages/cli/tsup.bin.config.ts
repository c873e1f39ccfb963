import { defineConfig } from 'tsup';

/**
 * The `cim-complaints` program, bundled: the workspace's packages and the pure-JavaScript
 * dependencies (fp-ts, io-ts, luxon, commander) in a few modules instead of about a hundred, most
 * of them CommonJS that Node scans before an ES module may import them. Measured on a report of a
 * one-complaint store: 0.31 to 0.40 s against 0.37 to 0.49 s unbundled. Each command's own code
 * and each store's adapter stay in chunks loaded when used (dist/bin/).
 */
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  splitting: true,
  sourcemap: true,
  silent: true,
  // dist is cleaned by the library build, which runs first (package.json "build")
  clean: false,
  dts: false,
  // a native addon, a driver with optional native parts, and the two EventStoreDB clients
  // (loaded when an esdb:// store is named): installed as the program's own dependencies
  noExternal: [/^(?!better-sqlite3$|pg$|pg-native$|@eventstore\/db-client$|@kurrent\/kurrentdb-client$).*/],
  external: ['better-sqlite3', 'pg', 'pg-native', '@eventstore/db-client', '@kurrent/kurrentdb-client'],
  esbuildOptions: (options) => {
    options.chunkNames = 'bin/[name]-[hash]';
    // bundled CommonJS (commander, fp-ts) requires Node's own modules
    options.banner = { js: "import { createRequire as __cimCreateRequire } from 'node:module';\nconst require = __cimCreateRequire(import.meta.url);" };
  },
});
