/** Jest setupFilesAfterEnv: every spec file runs in a world of its own (see world.ts). */
import { World, startWorld, stopWorld } from './world';

let world: World | undefined;

beforeAll(async () => {
  world = await startWorld(expect.getState().testPath ?? 'spec');
}, 480_000); // the world's API up (up to 300 s on a busy machine) and its worker quiet (up to 150 s)

afterAll(async () => {
  await stopWorld(world);
  world = undefined;
}, 60_000);
