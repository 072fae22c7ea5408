// Jest globalTeardown of the integration suites: drop the run's database and Redis keys.
import './register-paths';
import { teardown } from './global';
export default teardown;
