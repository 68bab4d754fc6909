#!/usr/bin/env node
// Entry point: runs the bundled CLI and exits with its code once output is flushed.
import { runCli } from '../dist/main.js';

process.exitCode = await runCli(process);
