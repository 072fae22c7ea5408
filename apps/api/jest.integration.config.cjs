// Integration tests: the real API over HTTP against real PostgreSQL and Redis (a database of their own).
module.exports = require('../../jest.integration.cjs')('api-integration');
