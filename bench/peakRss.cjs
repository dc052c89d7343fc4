// Preloaded into benchmarked processes: reports their peak resident memory and CPU time on exit.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`peakRssKb=${u.maxRSS} cpuMs=${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
});
