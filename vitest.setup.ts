// Property tests (fast-check) explore new random inputs on every developer run. In CI they use a
// fixed seed, so a submission's result does not depend on luck; `SLOW=1` (many more runs) and
// FC_SEED=<n> (replaying a reported counterexample) are how new inputs get explored deliberately.
import fc from 'fast-check';

const explicit = process.env['FC_SEED'];
if (explicit !== undefined && explicit !== '') fc.configureGlobal({ seed: Number(explicit) });
else if (process.env['CI'] !== undefined && process.env['SLOW'] === undefined) fc.configureGlobal({ seed: 20_261_125 });
