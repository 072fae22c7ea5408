// Integration tests: the real worker against real PostgreSQL and Redis (a database of their own).
module.exports = require('../../jest.integration.cjs')('worker-integration');
