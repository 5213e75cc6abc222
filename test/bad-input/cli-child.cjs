// Runs the tensor-parity CLI (main() from the module path in argv[2]) with the remaining arguments, and reports its
// peak memory on the last stderr line as "@@maxRSS=<KiB>" (process.resourceUsage().maxRSS) for the bad-input tests.
'use strict';
process.on('exit', () => { process.stderr.write(`\n@@maxRSS=${process.resourceUsage().maxRSS}\n`); });
const { main } = require(process.argv[2]);
main(process.argv.slice(3)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`unhandled: ${String(err)}\n`); process.exitCode = 3; },
);
