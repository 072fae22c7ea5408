/** Jest setupFilesAfterEnv: every spec file runs in a world of its own (see world.ts). */
import { World, startWorld, stopWorld } from './world';

let world: World | undefined;

beforeAll(async () => {
  world = await startWorld(expect.getState().testPath ?? 'spec');
}, 180_000);

afterAll(async () => {
  await stopWorld(world);
  world = undefined;
}, 60_000);
