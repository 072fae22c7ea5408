/**
 * The flags every headless Chromium of the project starts with (the e2e suite's, the bench's phone phase):
 * no sandbox (a container, as root), no GPU, and none of the browser's own traffic (background requests,
 * component updates, first-run pages), which would otherwise share the network a test or a measurement uses.
 * Plain data, no import: the bench (Node ESM) loads this file on its own.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
