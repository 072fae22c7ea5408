// shared with the API: tools/build/node-app.webpack.cjs
module.exports = require('../../tools/build/node-app.webpack.cjs')('worker');
