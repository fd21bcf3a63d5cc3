// Runs the Solidity tests with coverage and enforces line coverage of the production contracts.
// Mocks under contracts/src/mocks are test scaffolding; their figure is printed, not enforced.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MIN_LINE_COVERAGE = 95;

const run = spawnSync("pnpm", ["hardhat", "test", "solidity", "--coverage"], { stdio: "inherit" });
// A coverage run leaves instrumented artifacts behind (larger, costlier bytecode); rebuild so that
// deploys, TypeScript tests and gas figures afterwards see the real contracts.
const rebuild = spawnSync("pnpm", ["hardhat", "build", "--quiet"], { stdio: "inherit" });
if (run.status !== 0) process.exit(run.status ?? 1);
if (rebuild.status !== 0) process.exit(rebuild.status ?? 1);

interface FileCoverage {
  file: string;
  hit: number;
  found: number;
}

const files: FileCoverage[] = [];
let current: FileCoverage | undefined;
for (const line of readFileSync("coverage/lcov.info", "utf8").split("\n")) {
  if (line.startsWith("SF:")) current = { file: line.slice(3), hit: 0, found: 0 };
  else if (line.startsWith("LH:") && current) current.hit = Number(line.slice(3));
  else if (line.startsWith("LF:") && current) current.found = Number(line.slice(3));
  else if (line === "end_of_record" && current) files.push(current);
}

const percent = (hit: number, found: number) => (found === 0 ? 100 : (100 * hit) / found);
const sum = (group: FileCoverage[]) => group.reduce((t, f) => ({ hit: t.hit + f.hit, found: t.found + f.found }), { hit: 0, found: 0 });

const sources = files.filter((f) => f.file.startsWith("contracts/src/"));
const production = sources.filter((f) => !f.file.startsWith("contracts/src/mocks/"));
const mocks = sources.filter((f) => f.file.startsWith("contracts/src/mocks/"));

console.log("\nLine coverage of contracts/src");
console.table(Object.fromEntries(sources.map((f) => [f.file, { lines: `${f.hit}/${f.found}`, "%": percent(f.hit, f.found).toFixed(1) }])));
const total = sum(production);
const totalPercent = percent(total.hit, total.found);
const mocksTotal = sum(mocks);
console.log(`production contracts: ${totalPercent.toFixed(2)}% of ${total.found} lines`);
console.log(`mocks: ${percent(mocksTotal.hit, mocksTotal.found).toFixed(2)}% of ${mocksTotal.found} lines`);

if (totalPercent < MIN_LINE_COVERAGE) {
  console.error(`line coverage ${totalPercent.toFixed(2)}% is below the required ${MIN_LINE_COVERAGE}%`);
  process.exit(1);
}
