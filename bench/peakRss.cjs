// Preloaded into benchmarked processes: reports their peak resident memory on exit.
process.on('exit', () => {
  process.stderr.write(`peakRssKb=${process.resourceUsage().maxRSS}\n`);
});
