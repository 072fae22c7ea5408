// The bench measures the project's own code where it can: this lets `require` load its TypeScript sources
// (transpiled only, with the workspace's @taizhang/* paths), as the sweep and the soak's fold are loaded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
let registered = false;

/** `require` of a TypeScript file of the repository (path relative to its root). */
export function requireTs(path) {
  if (!registered) {
    const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8'));
    require('tsconfig-paths').register({ baseUrl: ROOT, paths: compilerOptions.paths });
    require('ts-node').register({
      transpileOnly: true,
      compilerOptions: {
        module: 'commonjs',
        target: 'es2022',
        esModuleInterop: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: false,
        ignoreDeprecations: '6.0',
      },
    });
    registered = true;
  }
  return require(join(ROOT, path));
}
