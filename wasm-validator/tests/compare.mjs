// node wasm-validator/tests/compare.mjs PKG_A PKG_B
// Runs the case table and generated inputs through two builds of the checker; exits 1 if any
// result differs. scripts/build-wasm --check uses it to compare the committed pkg/ with a fresh build.
import { loadPkg, loadCases, generatedInputs } from './load.mjs';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  process.stderr.write('usage: node compare.mjs PKG_A PKG_B\n');
  process.exit(2);
}
const a = await loadPkg(dirA);
const b = await loadPkg(dirB);
const inputs = [...loadCases().map((c) => c.input), ...generatedInputs(5000)];
let differences = 0;
for (const input of inputs) {
  const ra = JSON.stringify(a(input));
  const rb = JSON.stringify(b(input));
  if (ra !== rb) {
    differences++;
    if (differences <= 5) {
      process.stderr.write(`differs on ${JSON.stringify(input)}:\n  ${dirA}: ${ra}\n  ${dirB}: ${rb}\n`);
    }
  }
}
process.stderr.write(`compare: ${inputs.length} inputs, ${differences} differences\n`);
process.exit(differences === 0 ? 0 : 1);
