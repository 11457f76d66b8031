#!/usr/bin/env node
console.log('apinizer-keys: work in progress');
