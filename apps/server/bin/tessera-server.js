#!/usr/bin/env node
// The installed `tessera-server` command. A committed file rather than a link to the build output,
// so npm can link it at install time, before `prepare` has compiled dist/.
import '../dist/main.js';
