// shared with the worker: tools/build/node-app.webpack.cjs
module.exports = require('../../tools/build/node-app.webpack.cjs')('api');
