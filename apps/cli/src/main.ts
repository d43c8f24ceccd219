#!/usr/bin/env node
/**
 * The `tessera` executable: runs the CLI against the real process and exits with its code.
 *
 * @module
 */
import { runCli } from './cli.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
