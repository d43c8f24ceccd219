#!/usr/bin/env node
// The installed `tessera` command. A committed file rather than a link to the build output, so
// npm can link it at install time, before `prepare` has built the CLI. It runs the bundle
// (`npm run build` writes it; see apps/cli/scripts/bundle.js for why a bundle), not dist/.
import '../bundle/tessera.js';
