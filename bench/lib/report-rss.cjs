// Preloaded (`node --require`) into a measured child when /usr/bin/time is missing: writes the
// process's peak RSS in kilobytes to $PORTLINT_BENCH_RSS_FILE at exit (worker threads included).
const { writeFileSync } = require('node:fs');

const file = process.env.PORTLINT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
