const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/api'), clean: true },
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
