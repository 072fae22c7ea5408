// The webpack config of the Node apps (api, worker): their main.ts bundled with tsc, node_modules external.
// Paths in the plugin's options are relative to the app being built (Nx names it to webpack).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/** The config of the app `name` (apps/<name>), bundled to dist/apps/<name>. */
module.exports = function nodeAppWebpackConfig(name) {
  return {
    output: { path: join(__dirname, '../../dist/apps', name), clean: true },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
        // `npm test` has run the same type check (tsc -p tsconfig.app.json) just before it builds
        typeCheckOptions: process.env['TZ_BUILD_TYPECHECK'] === 'false' ? false : { async: true },
      }),
    ],
  };
};
