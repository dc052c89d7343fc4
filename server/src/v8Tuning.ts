/**
 * Process-wide V8 settings for the command line and the language server (not the core: they tune
 * the process, not what it computes).
 */
import { setFlagsFromString } from 'v8';

/**
 * The build is writing V8's code caches (scripts/build.mjs): V8 rejects a cache made under other
 * flags than the reading process's, so nothing here changes a flag then.
 */
export function writingCodeCache(): boolean {
  return process.env.BLOG_AUTHOR_WRITE_CODE_CACHE === '1';
}

/**
 * V8 starts the young generation at 1 MB and doubles it each time objects survive a scavenge. An
 * index build keeps most of what it makes, so it went through 13 scavenges and a full collection
 * before reaching the 16 MB V8 allows it anyway (2,500 posts). Growing 16-fold at the first step
 * leaves 5 scavenges and no full collection (GC about 25 → 14 ms); the limit is V8's own, unchanged.
 * Called once the bundle is loaded: the flags are checked against the code cache when it is read.
 */
export function growYoungGenerationEarly(): void {
  if (!writingCodeCache()) setFlagsFromString('--semi-space-growth-factor=16');
}

/**
 * A command (`check`, `index`, …) runs each function over every post a few times and exits. V8 tiers
 * code up as for a long-running process: its optimizing compiler then spends more CPU (on another
 * thread) than the whole build takes, on code that is ready too late to pay off. Four times V8's
 * interrupt budget (67,584 in Node.js 20) optimizes only what stays hot. `check`: CPU 0.74–0.79× and
 * wall 0.89–0.96× on sites of 700 to 2,500 posts, unchanged at 20,000; `index`: 0.88× in process on
 * the 2,500-post blog, 1.04× at 20,000 (where more of the optimized code pays off).
 */
export function tuneCompilerForOneShot(): void {
  if (!writingCodeCache()) setFlagsFromString('--interrupt-budget=270336');
}
