// Preloaded into a measured child process (node --require): reports its peak resident memory
// and the CPU time it used (user + system, all threads) on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nPEAK_RSS_KB=${usage.maxRSS}\nCPU_US=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
