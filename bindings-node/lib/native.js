'use strict';
// The compiled addon for this machine (see loader.js for where it comes from).
module.exports = require('./loader.js').loadNative();
