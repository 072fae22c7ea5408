// Jest globalSetup of the integration suites: a database and Redis prefix of their own per run.
import './register-paths';
import { setup } from './global';
export default setup;
