#!/usr/bin/env node
console.log('tessera');
