// Integration tests: the real worker against real PostgreSQL and Redis (a database of their own). A test may wait
// a minute for a condition on a busy machine (outages, deadlines falling due), and some wait for several.
module.exports = require('../../jest.integration.cjs')('worker-integration', { testTimeout: 180000 });
